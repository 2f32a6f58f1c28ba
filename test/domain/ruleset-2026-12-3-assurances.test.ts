import { describe, expect, it } from 'vitest'
import { CURRENT_RULESET, rulesetByVersion, scoreAssurance } from '../../src/domain/index.ts'
import type { AssuranceFacts, CountryContext } from '../../src/domain/index.ts'
import { loadCorpus, scoreCase } from '../../eval/lib/corpus.ts'
import { assurance, contribution, country, neutralCountry } from './fixtures.ts'

// Ruleset 2026.12.3 (docs/scoring-evaluation.md): its assurance changes (the red-notice ones: ruleset-2026-12-3.test.ts).
const V3 = rulesetByVersion('2026.12.3')
const V2 = rulesetByVersion('2026.12.2')
if (V3 === undefined || V2 === undefined) throw new Error('rulesets 2026.12.2 and 2026.12.3 must be registered')

const score = (f: AssuranceFacts, giver: CountryContext | null, rs = V3) => scoreAssurance(f, { givingState: giver }, rs)
const combination = (f: AssuranceFacts, giver: CountryContext, rs = V3): number | undefined =>
  contribution(score(f, giver, rs), 'assurance-othman-combination')?.points
const rated = (freedomStatus: CountryContext['freedomStatus'], more: Partial<CountryContext> = {}): CountryContext =>
  neutralCountry({ freedomStatus, ...more })

describe('2026.12.3 stays registered and keeps the band limits', () => {
  it('is registered after 2026.12.2 and is not the current ruleset any more', () => {
    expect(V3.version).toBe('2026.12.3')
    expect(V2.version).toBe('2026.12.2')
    expect(CURRENT_RULESET.version).not.toBe('2026.12.3')
  })
  it('keeps 2026.12.2\'s band limits', () => {
    expect(V3.bandLimits).toBe(V2.bandLimits)
  })
})

describe('(a) a safeguard the report does not show is not credited', () => {
  const nothingShown = assurance()
  it('each unstated safeguard weighs half an explicit failure, and says so in words', () => {
    const r = score(nothingShown, neutralCountry())
    expect(contribution(r, 'assurance-terms-undisclosed')?.points).toBe(6)
    expect(contribution(r, 'assurance-not-specific')?.points).toBe(5)
    expect(contribution(r, 'assurance-giver-lacks-authority')?.points).toBe(5)
    expect(contribution(r, 'assurance-no-monitoring')?.points).toBe(6)
    expect(contribution(r, 'assurance-no-monitoring')?.explanation).toMatch(/The report does not say that any body monitors compliance/)
    expect(score(nothingShown, neutralCountry(), V2).contributions).toEqual([])
  })
  it('an explicit favourable answer removes the points; an explicit failure keeps the full weight', () => {
    const shown = assurance({ termsDisclosed: true, specificity: 'specific', bindsState: true, monitoring: { mechanism: 'independent_body', lawyerAccess: 'unfettered' } })
    expect(score(shown, neutralCountry()).contributions.filter(c => c.points > 0)).toEqual([])
    expect(contribution(score(assurance({ monitoring: { mechanism: 'none' } }), neutralCountry()), 'assurance-no-monitoring')?.points).toBe(12)
  })
})

describe('(b) the Othman factors combine, graded by the giving state', () => {
  const nothingShown = assurance()
  const stated = assurance({ specificity: 'general', monitoring: { mechanism: 'none' } })

  it('systematic torture or a finding of widespread torture: 30 with both defects, shown or not', () => {
    expect(combination(nothingShown, rated('NF', { systematicTorture: true }))).toBe(30)
    expect(combination(stated, rated('F', { systematicTorture: true }))).toBe(30)
    expect(combination(assurance({ specificity: 'specific' }), rated('NF', { systematicTorture: true }))).toBe(20)
    const tm = score(assurance({ givingState: 'TM' }), country('TM'))
    expect(contribution(tm, 'assurance-othman-combination')?.points).toBe(30)
    expect(contribution(tm, 'assurance-systematic-torture')?.explanation).toMatch(/Turkmenistan \(TM\).*UN Committee against Torture, CAT\/C\/TKM\/CO\/2/)
    expect(contribution(score(assurance({ givingState: 'TM' }), country('TM'), V2), 'assurance-systematic-torture')).toBeUndefined()
  })

  it('a finding limited to an ethnic group does not count for an assurance, which names no ethnicity', () => {
    expect(contribution(score(assurance({ givingState: 'KG' }), country('KG')), 'assurance-systematic-torture')).toBeUndefined()
  })

  it('Partly Free or Not Free: 25 (15 under 2026.12.2, which needed both defects stated)', () => {
    expect(combination(nothingShown, rated('PF'))).toBe(25)
    expect(combination(stated, rated('NF'))).toBe(25)
    expect(combination(nothingShown, rated('PF'), V2)).toBeUndefined()
    expect(combination(stated, rated('NF'), V2)).toBe(15)
  })

  it('Free and outside the Convention: 15 only for defects the report states; never for a Free Convention party', () => {
    expect(combination(stated, rated('F', { echrParty: false }))).toBe(15)
    expect(combination(nothingShown, rated('F', { echrParty: false }))).toBeUndefined()
    expect(combination(stated, rated('F', { echrParty: true }))).toBeUndefined()
  })

  it('specific terms with verifiable keeping, or a record of kept assurances, switch it off', () => {
    const giver = rated('NF', { systematicTorture: true })
    expect(combination(assurance({ specificity: 'specific', monitoring: { mechanism: 'independent_body' } }), giver)).toBeUndefined()
    expect(combination(assurance({ specificity: 'specific', monitoring: { lawyerAccess: 'unfettered' } }), giver)).toBeUndefined()
    expect(combination(assurance({ priorCompliance: 'kept' }), giver)).toBeUndefined()
  })

  it('puts an assurance of which only the states are known at high from a Partly Free state outside the Convention, and says why', () => {
    const r = score(assurance({ givingState: 'TN' }), country('TN'))
    expect(r.band).toBe('high')
    expect(contribution(r, 'assurance-othman-combination')?.explanation).toMatch(
      /Tunisia \(TN\), rated Partly Free by Freedom House: it is not shown to be specific[^;]*, and its keeping is not shown to be verifiable \(the report says neither that any body monitors it nor that the person has unfettered access to lawyers\)/)
    expect(score(assurance({ givingState: 'TN' }), country('TN'), V2).band).toBe('low')
    expect(score(assurance({ givingState: 'DE' }), country('DE')).band).toBe('low')
  })
})

describe('(c) reliable assurances stay on the right side', () => {
  it('specific, disclosed, binding and independently monitored from a Not Free state stays low', () => {
    const f = assurance({ givingState: 'JO', termsDisclosed: true, specificity: 'specific', bindsState: true, monitoring: { mechanism: 'independent_body', lawyerAccess: 'unfettered' } })
    expect(score(f, country('JO')).band).toBe('low')
  })
  it('every reliable assurance of the evaluation corpus stays low or elevated', () => {
    const reliable = loadCorpus().filter(c => c.kind === 'assurance' && c.label === 'reliable')
    expect(reliable.length).toBeGreaterThan(5)
    for (const c of reliable) expect(['low', 'elevated'], c.id).toContain(scoreCase(c, V3).band)
  })
})

describe('(d) an assurance that does not cover torture, from a state where torture is systematic or widespread', () => {
  const points = (f: AssuranceFacts, giver: CountryContext, rs = V3): number | undefined =>
    contribution(score(f, giver, rs), 'assurance-torture-not-covered')?.points
  const deathPenaltyOnly = assurance({ givingState: 'EG', covers: ['death_penalty', 'fair_trial'] })

  it('scores 15 and says what it covers', () => {
    const r = score(deathPenaltyOnly, country('EG'))
    expect(contribution(r, 'assurance-torture-not-covered')?.points).toBe(15)
    expect(contribution(r, 'assurance-torture-not-covered')?.explanation).toMatch(/Egypt \(EG\) covers only the death penalty and a fair trial, not torture or ill-treatment/)
    expect(points({ ...deathPenaltyOnly, givingState: 'TM' }, country('TM'))).toBe(15)
    expect(points(deathPenaltyOnly, country('EG'), V2)).toBeUndefined()
  })

  it('is silent when torture is covered, when coverage is not stated, and for a state without such a record', () => {
    expect(points({ ...deathPenaltyOnly, covers: ['death_penalty', 'torture_ill_treatment'] }, country('EG'))).toBeUndefined()
    expect(points(assurance({ givingState: 'EG' }), country('EG'))).toBeUndefined()
    expect(points({ ...deathPenaltyOnly, givingState: 'US' }, country('US'))).toBeUndefined()
    expect(points({ ...deathPenaltyOnly, givingState: 'TN' }, country('TN'))).toBeUndefined()
  })
})
