import { describe, expect, it } from 'vitest'
import { CURRENT_RULESET, rulesetByVersion, scoreAssurance, scoreRedNotice } from '../../src/domain/index.ts'
import type { AssuranceFacts, CountryContext, Profile, RedNoticeFacts, ScoringContext } from '../../src/domain/index.ts'
import { NO_LINKED_REPORTS } from '../../src/domain/linked.ts'
import { assurance, contribution, country, neutralCountry, redNotice } from './fixtures.ts'

// Ruleset 2026.12.8 (docs/scoring-evaluation.md): a request after the person left counts only where the
// person left as someone the requesting state targets; an assurance from a Partly Free or Not Free state
// whose keeping nobody is shown to be able to check weighs even when its terms are specific.
const V8 = rulesetByVersion('2026.12.8')
const V7 = rulesetByVersion('2026.12.7')
if (V8 === undefined || V7 === undefined) throw new Error('rulesets 2026.12.7 and 2026.12.8 must be registered')

const ctx = (requesting: string): ScoringContext => ({
  requestingCountry: country(requesting),
  countryOf: (code: string): CountryContext | null => country(code),
  linked: NO_LINKED_REPORTS
})
const points = (f: RedNoticeFacts, id: string, rs = V8): number | undefined => contribution(scoreRedNotice(f, ctx(f.requestingCountry), rs), id)?.points

/** A fraud suspect who left Kazakhstan in 2018, sought by a red notice of 2019, with whatever else the case gives. */
const leftBeforeTheNotice = (subject: RedNoticeFacts['subject'] = {}, more: Partial<RedNoticeFacts> = {}): RedNoticeFacts => redNotice({
  requestingCountry: 'KZ',
  issuedOn: '2019-03-01',
  subject: { leftRequestingCountryOn: '2018-06-01', ...subject },
  charges: [{ category: 'fraud', particulars: 'general' }],
  ...more
})

describe('2026.12.8 is current', () => {
  it('is the current ruleset, with the band limits of 2026.12.7 and no weight changed but the one new tier', () => {
    expect(CURRENT_RULESET.version).toBe('2026.12.8')
    expect(V8.bandLimits).toBe(V7.bandLimits)
    const weights = (rs: typeof V8): string[] => [...rs.redNotice.catalogue, ...rs.assurance.catalogue].map(i => `${i.id}:${i.weight}:${(i.tiers ?? []).map(t => t.points).join('/')}`)
    const changed = weights(V8).filter(w => !weights(V7).includes(w))
    expect(changed).toEqual(['assurance-othman-combination:30:30/20/25/15/20'])
  })
})

describe('request-after-departure', () => {
  it('no longer counts for a person reported with nothing that shows they left as a target', () => {
    for (const profiles of [[], ['business_person'], ['former_official'], ['athlete']] as Profile[][]) {
      const f = leftBeforeTheNotice({ profiles })
      expect(points(f, 'request-after-departure', V7)).toBe(8)
      expect(points(f, 'request-after-departure')).toBeUndefined()
    }
  })

  it('a rejected asylum claim or leaving office alone does not show it', () => {
    expect(points(leftBeforeTheNotice({ asylum: { status: 'rejected', country: 'DE' } }), 'request-after-departure')).toBeUndefined()
    expect(points(leftBeforeTheNotice({ profiles: ['former_official'] }, { politicalContext: [{ type: 'left_office', date: '2018-01-01' }] }), 'request-after-departure')).toBeUndefined()
  })

  it.each(['journalist', 'political_opposition', 'relative_of_targeted_person', 'ethnic_minority', 'religious_minority', 'draft_evader', 'deserter', 'conscientious_objector'] as Profile[])(
    'counts as before for a person reported as %s, and says why', (profile) => {
      const f = leftBeforeTheNotice({ profiles: [profile] })
      expect(points(f, 'request-after-departure')).toBe(8)
      const c = contribution(scoreRedNotice(f, ctx('KZ'), V8), 'request-after-departure')
      expect(c?.evidence).toContain(`/subject/profiles=${profile}`)
      expect(c?.explanation).toContain(profile.replaceAll('_', ' '))
      expect(c?.explanation).toContain('It counts because')
      expect(c?.explanation).toContain('left Kazakhstan (KZ) on 2018-06-01')
    })

  it('counts for a person who sought protection, and amid a political event of contention', () => {
    for (const status of ['applied', 'recognized_refugee', 'subsidiary_protection'] as const) {
      const f = leftBeforeTheNotice({ asylum: { status, country: 'DE' } })
      expect(points(f, 'request-after-departure')).toBe(8)
      expect(contribution(scoreRedNotice(f, ctx('KZ'), V8), 'request-after-departure')?.evidence).toContain(`/subject/asylum/status=${status}`)
    }
    const f = leftBeforeTheNotice({ profiles: ['business_person'] }, { politicalContext: [{ type: 'change_of_government', date: '2018-01-01' }] })
    expect(points(f, 'request-after-departure')).toBe(8)
    expect(contribution(scoreRedNotice(f, ctx('KZ'), V8), 'request-after-departure')?.explanation).toContain('a change of government on 2018-01-01')
  })

  it('never counts where 2026.12.7 did not (a request before the departure)', () => {
    const f = leftBeforeTheNotice({ profiles: ['journalist'] }, { issuedOn: '2018-01-01' })
    expect(points(f, 'request-after-departure', V7)).toBeUndefined()
    expect(points(f, 'request-after-departure')).toBeUndefined()
  })

  it('is monotone: adding a profile, a claim or an event never lowers it', () => {
    const steps: RedNoticeFacts[] = [
      leftBeforeTheNotice(),
      leftBeforeTheNotice({ profiles: ['business_person'] }),
      leftBeforeTheNotice({ profiles: ['business_person'], asylum: { status: 'applied' } }),
      leftBeforeTheNotice({ profiles: ['business_person', 'journalist'], asylum: { status: 'applied' } }, { politicalContext: [{ type: 'protest', date: '2018-01-01' }] })
    ]
    const seen = steps.map(f => points(f, 'request-after-departure') ?? 0)
    expect(seen).toEqual([...seen].sort((a, b) => a - b))
  })
})

describe('assurance-othman-combination: specific terms that nobody can check', () => {
  const actx = (c: CountryContext) => ({ givingState: c })
  const combination = (f: AssuranceFacts, c: CountryContext, rs = V8) => contribution(scoreAssurance(f, actx(c), rs), 'assurance-othman-combination')
  const specific = (more: Partial<AssuranceFacts> = {}): AssuranceFacts => assurance({ specificity: 'specific', form: 'diplomatic_note', covers: ['torture_ill_treatment'], ...more })

  it.each(['PF', 'NF'] as const)('weighs 20 for a state rated %s without a record of torture, where 2026.12.7 gave nothing', (status) => {
    const c = neutralCountry({ freedomStatus: status, echrParty: false, catParty: true })
    for (const f of [specific(), specific({ monitoring: { mechanism: 'none' } }), specific({ monitoring: { mechanism: 'consular_visits' } })]) {
      expect(combination(f, c, V7)).toBeUndefined()
      const found = combination(f, c)
      expect(found?.points).toBe(20)
      expect(found?.evidence).toContain(`countries/XA/freedomStatus=${status}`)
      expect(found?.explanation).toContain('its terms are specific, but its keeping is not shown to be verifiable')
    }
  })

  it('does not weigh where the keeping can be checked, where similar assurances were kept, or for a state rated Free', () => {
    const pf = neutralCountry({ freedomStatus: 'PF', echrParty: false, catParty: true })
    expect(combination(specific({ monitoring: { mechanism: 'independent_body' } }), pf)).toBeUndefined()
    expect(combination(specific({ monitoring: { mechanism: 'ngo_access' } }), pf)).toBeUndefined()
    expect(combination(specific({ monitoring: { mechanism: 'consular_visits', lawyerAccess: 'unfettered' } }), pf)).toBeUndefined()
    expect(combination(specific({ priorCompliance: 'kept' }), pf)).toBeUndefined()
    expect(combination(specific(), neutralCountry({ freedomStatus: 'F', echrParty: false, catParty: true }))).toBeUndefined()
  })

  it('leaves every case 2026.12.7 already weighed as it was', () => {
    const pf = neutralCountry({ freedomStatus: 'PF', echrParty: false, catParty: true })
    const general = assurance({ specificity: 'general', monitoring: { mechanism: 'none' } })
    expect(combination(general, pf)?.points).toBe(combination(general, pf, V7)?.points)
    expect(combination(general, pf)?.points).toBe(25)
    const ru = country('RU')
    for (const f of [general, specific(), specific({ monitoring: { mechanism: 'independent_body' } })]) {
      const [now, before] = [combination(f, ru), combination(f, ru, V7)]
      expect(now?.points).toBe(before?.points)
      expect(now?.evidence).toEqual(before?.evidence)
    }
  })

  it('never lowers an assurance\'s score against 2026.12.7', () => {
    const states = [neutralCountry({ freedomStatus: 'PF', echrParty: false, catParty: true }), neutralCountry({ freedomStatus: 'NF', echrParty: false, catParty: false }), neutralCountry({ freedomStatus: 'F' }), country('RU'), country('CN'), country('US')]
    const facts = [specific(), specific({ monitoring: { mechanism: 'none' } }), assurance(), assurance({ specificity: 'general' }), specific({ priorCompliance: 'kept' })]
    for (const c of states) for (const f of facts) expect(scoreAssurance(f, actx(c), V8).score).toBeGreaterThanOrEqual(scoreAssurance(f, actx(c), V7).score)
  })
})
