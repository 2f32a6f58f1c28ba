import { describe, expect, it } from 'vitest'
import { CURRENT_RULESET, defaultCountryContext, rulesetByVersion, scoreAssurance, scoreRedNotice } from '../../src/domain/index.ts'
import type { AssuranceFacts, Charge, CountryContext, RedNoticeFacts } from '../../src/domain/index.ts'
import { assurance, contribution, country, ctx, neutralCountry, redNotice } from './fixtures.ts'

// Ruleset 2026.12.2 (docs/scoring-evaluation.md): each change in isolation, and 2026.12.1 unchanged.
const V2 = rulesetByVersion('2026.12.2')
const V1 = rulesetByVersion('2026.12.1')
if (V2 === undefined || V1 === undefined) throw new Error('rulesets 2026.12.1 and 2026.12.2 must be registered')

const rated = (freedomStatus: CountryContext['freedomStatus'], more: Partial<CountryContext> = {}): CountryContext =>
  neutralCountry({ freedomStatus, ...more })

describe('2026.12.2 and 2026.12.1 stay available (2026.12.3 is current)', () => {
  it('registers both', () => {
    expect(CURRENT_RULESET.version).not.toBe('2026.12.1')
    expect(V2.version).toBe('2026.12.2')
    expect(V1.version).toBe('2026.12.1')
  })
})

describe('(a) Othman factors combine without a systematic-torture finding', () => {
  const general: AssuranceFacts = assurance({ specificity: 'general', monitoring: { mechanism: 'none' }, priorCompliance: 'unknown' })
  const points = (f: AssuranceFacts, giver: CountryContext, rs = V2): number | undefined =>
    contribution(scoreAssurance(f, { givingState: giver }, rs), 'assurance-othman-combination')?.points

  it('a general, unverifiable assurance with no record from a Partly or Not Free state scores 15', () => {
    expect(points(general, rated('PF'))).toBe(15)
    expect(points(general, rated('NF'))).toBe(15)
    expect(points({ ...general, monitoring: { mechanism: 'consular_visits', lawyerAccess: 'limited' } }, rated('NF'))).toBe(15)
    expect(points(general, rated('PF'), V1)).toBeUndefined()
  })

  it('specific terms, unfettered lawyer access, a record of kept assurances or a Free giver switch it off', () => {
    expect(points({ ...general, specificity: 'specific' }, rated('NF'))).toBeUndefined()
    expect(points({ ...general, monitoring: { mechanism: 'none', lawyerAccess: 'unfettered' } }, rated('NF'))).toBeUndefined()
    expect(points({ ...general, monitoring: { mechanism: 'independent_body' } }, rated('NF'))).toBeUndefined()
    expect(points({ ...general, priorCompliance: 'kept' }, rated('NF'))).toBeUndefined()
    expect(points(general, rated('F'))).toBeUndefined()
    expect(points(general, rated(null))).toBeUndefined()
  })

  it('keeps the systematic-torture tiers', () => {
    expect(points(general, rated('NF', { systematicTorture: true }))).toBe(30)
  })

  it('adds 15 to a general, unmonitored Tunisian assurance and says why in words', () => {
    const f = { ...general, givingState: 'TN' }
    const r = scoreAssurance(f, { givingState: country('TN') }, V2)
    expect(r.rawTotal - scoreAssurance(f, { givingState: country('TN') }, V1).rawTotal).toBe(15)
    expect(contribution(r, 'assurance-othman-combination')?.explanation).toMatch(/Tunisia \(TN\), rated Partly Free[^.]*general terms[^.]*cannot be verified/)
  })
})

describe('(b) case-detail mitigations weigh by the independence of the requesting state\'s courts', () => {
  const attack: Charge = { description: 'Bombing of a named market on a named date, three killed', category: 'terrorism', particulars: 'specific' }
  const mitigation = (c: CountryContext, f: RedNoticeFacts = redNotice({ charges: [attack] })): number | undefined =>
    contribution(scoreRedNotice(f, ctx(c), V2), 'specific-checkable-charges')?.points

  it('full where Free, partial where Partly Free or unrated, none where Not Free or torture is systematic', () => {
    expect(mitigation(rated('F'))).toBe(-15)
    expect(mitigation(rated('PF'))).toBe(-8)
    expect(mitigation(rated(null))).toBe(-8)
    expect(mitigation(rated('NF'))).toBeUndefined()
    expect(mitigation(rated('PF', { systematicTorture: true }))).toBeUndefined()
    expect(contribution(scoreRedNotice(redNotice({ charges: [attack] }), ctx(rated('NF')), V1), 'specific-checkable-charges')?.points).toBe(-15)
  })

  it('a conviction in a Not Free state no longer mitigates; in a Free state it still does', () => {
    const convicted = redNotice({ charges: [{ description: 'Robbery', category: 'property' }], events: [{ type: 'conviction' }] })
    const conviction = (c: CountryContext): number | undefined => contribution(scoreRedNotice(convicted, ctx(c), V2), 'conviction-after-attended-trial')?.points
    expect(conviction(rated('F'))).toBe(-20)
    expect(conviction(rated('PF'))).toBe(-8)
    expect(conviction(rated('NF'))).toBeUndefined()
    expect(conviction(rated('PF', { systematicTorture: true }))).toBeUndefined()
  })
})

describe('(a′) torture risk where the UN Committee against Torture or the ECtHR found torture widespread', () => {
  const minority = (code: string, ethnicity?: string): RedNoticeFacts =>
    redNotice({ requestingCountry: code, subject: { profiles: ['ethnic_minority'], ...(ethnicity === undefined ? {} : { ethnicity }) } })
  const risk = (f: RedNoticeFacts): ReturnType<typeof contribution> =>
    contribution(scoreRedNotice(f, ctx(defaultCountryContext(f.requestingCountry)), V2), 'torture-risk-targeted-person')

  it('Turkmenistan: any targeted person, citing the concluding observations', () => {
    expect(risk(minority('TM'))?.points).toBe(12)
    expect(risk(minority('TM'))?.explanation).toMatch(/CAT\/C\/TKM\/CO\/2/)
    expect(risk(redNotice({ requestingCountry: 'TM' }))).toBeUndefined()
  })

  it('Kyrgyzstan: only ethnic Uzbeks, as the judgment found', () => {
    expect(risk(minority('KG', 'Uzbek'))?.points).toBe(12)
    expect(risk(minority('KG', 'Uzbek'))?.explanation).toMatch(/no\. 49747\/11/)
    expect(risk(minority('KG', 'Russian'))).toBeUndefined()
    expect(risk(minority('KG'))).toBeUndefined()
  })
})

describe('(c) leaving office is a political turn only for an opponent of the government in power', () => {
  const official = (profiles: RedNoticeFacts['subject']['profiles']): RedNoticeFacts => redNotice({
    subject: { profiles },
    charges: [{ description: 'Embezzlement as governor', category: 'abuse_of_office', chargedOn: '2016-10-14' }],
    politicalContext: [{ type: 'left_office', date: '2016-10-12' }]
  })
  const timing = (f: RedNoticeFacts): number | undefined => contribution(scoreRedNotice(f, ctx(rated('PF')), V2), 'status-context-timing')?.points

  it('a former official charged after leaving office gets the status sign without the timing tier', () => {
    expect(timing(official(['former_official']))).toBe(12)
    expect(contribution(scoreRedNotice(official(['former_official']), ctx(rated('PF')), V2), 'charges-follow-political-event')).toBeUndefined()
    expect(contribution(scoreRedNotice(official(['former_official']), ctx(rated('PF')), V1), 'status-context-timing')?.points).toBe(25)
  })

  it('an opponent who left office, or a charge after a change of government, keeps the timing tier', () => {
    expect(timing(official(['former_official', 'political_opposition']))).toBe(25)
    const afterChange = { ...official(['former_official']), politicalContext: [{ type: 'change_of_government' as const, date: '2016-10-12' }] }
    expect(timing(afterChange)).toBe(25)
  })
})

describe('(c) asylum refused by a state rated Free', () => {
  const claimant = (events: RedNoticeFacts['events'], status: 'applied' | 'recognized_refugee' = 'applied'): RedNoticeFacts =>
    redNotice({ requestingCountry: 'CN', subject: { asylum: { status, country: 'US' } }, events })
  const points = (f: RedNoticeFacts): number | undefined => contribution(
    scoreRedNotice(f, { ...ctx(country('CN')), countryOf: code => defaultCountryContext(code) }, V2), 'asylum-refused-by-free-state')?.points

  it('mitigates a refusal by a Free state, not one by a state that is not Free', () => {
    expect(points(claimant([{ type: 'asylum_refused', country: 'FR' }]))).toBe(-10)
    expect(points(claimant([{ type: 'asylum_refused', country: 'RU' }]))).toBeUndefined()
    expect(points(claimant([{ type: 'asylum_refused' }]))).toBeUndefined()
  })

  it('does not apply to a recognised refugee', () => {
    expect(points(claimant([{ type: 'asylum_refused', country: 'FR' }], 'recognized_refugee'))).toBeUndefined()
  })
})
