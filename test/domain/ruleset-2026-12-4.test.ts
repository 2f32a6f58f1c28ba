import { describe, expect, it } from 'vitest'
import { CURRENT_RULESET, rulesetByVersion, scoreAssurance, scoreRedNotice } from '../../src/domain/index.ts'
import type { AssuranceFacts, CountryContext, RedNoticeFacts, ScoringContext } from '../../src/domain/index.ts'
import { assurance, contribution, country, neutralCountry, redNotice } from './fixtures.ts'
import { NO_LINKED_REPORTS } from '../../src/domain/linked.ts'

// Ruleset 2026.12.4 (docs/scoring-evaluation.md): a general situation of violence in detention found by the
// European Court of Human Rights (China, Liu v. Poland; Turkmenistan) weighs 30 for a person in a state
// party to the Convention; 2026.12.3 is unchanged.
const V4 = rulesetByVersion('2026.12.4')
const V3 = rulesetByVersion('2026.12.3')
if (V4 === undefined || V3 === undefined) throw new Error('rulesets 2026.12.3 and 2026.12.4 must be registered')
const id = 'torture-risk-targeted-person'

const withStates = (requesting: string): ScoringContext => ({
  requestingCountry: country(requesting),
  countryOf: (code: string): CountryContext | null => country(code),
  linked: NO_LINKED_REPORTS
})
const points = (f: RedNoticeFacts, rs = V4): number | undefined =>
  contribution(scoreRedNotice(f, withStates(f.requestingCountry), rs), id)?.points

describe('2026.12.4 stays registered', () => {
  it('keeps the band limits of 2026.12.3 and is not the current ruleset any more', () => {
    expect(CURRENT_RULESET.version).not.toBe('2026.12.4')
    expect(V4.bandLimits).toBe(V3.bandLimits)
  })
})

describe('a general situation of violence in detention (ECtHR)', () => {
  const fraudInItaly = redNotice({ requestingCountry: 'CN', subject: { currentCountry: 'IT' }, charges: [{ category: 'fraud', particulars: 'specific' }] })

  it('gives 30 to anyone China seeks who is in a state party to the Convention, whatever the charge; 2026.12.3 gave nothing', () => {
    expect(points(fraudInItaly)).toBe(30)
    expect(points(fraudInItaly, V3)).toBeUndefined()
    const arrestedInPoland = redNotice({ requestingCountry: 'CN', charges: [{ category: 'fraud' }], events: [{ type: 'arrest', country: 'PL', date: '2017-08-06' }] })
    expect(points(arrestedInPoland)).toBe(30)
  })

  it('does not apply where the judgment binds no court deciding: a person in the United States or Canada, or nowhere known', () => {
    expect(points({ ...fraudInItaly, subject: { currentCountry: 'US' } })).toBeUndefined()
    expect(points({ ...fraudInItaly, subject: { currentCountry: 'CA' } })).toBeUndefined()
    expect(points({ ...fraudInItaly, subject: {} })).toBeUndefined()
    // A narrower group's finding still applies there (Uyghurs: a UN finding, 15).
    expect(points({ ...fraudInItaly, subject: { currentCountry: 'US', ethnicity: 'Uyghur' } })).toBe(15)
  })

  it('counts a state that has since left the Convention for what happened while it was a party', () => {
    const arrestedInRussia = (date: string): RedNoticeFacts => redNotice({ requestingCountry: 'TM', charges: [{ category: 'economic' }], events: [{ type: 'arrest', country: 'RU', date }] })
    expect(points(arrestedInRussia('2007-06-01'))).toBe(30)
    expect(points(arrestedInRussia('2023-06-01'))).toBeUndefined()
  })

  it('only gains with facts: adding a current country outside the Convention keeps an arrest in a party state', () => {
    const both = redNotice({ requestingCountry: 'CN', subject: { currentCountry: 'US' }, charges: [{ category: 'fraud' }], events: [{ type: 'arrest', country: 'IT', date: '2023-03-21' }] })
    expect(points(both)).toBe(30)
  })

  it('says in words which state the person is in, the judgment and why the charge does not matter', () => {
    const c = contribution(scoreRedNotice(fraudInItaly, withStates('CN'), V4), id)
    expect(c?.explanation).toMatch(/is in Italy, a state party to the European Convention on Human Rights/)
    expect(c?.explanation).toMatch(/Liu v\. Poland/)
    expect(c?.explanation).toMatch(/37610\/18/)
    expect(c?.explanation).toMatch(/general situation of violence/)
    expect(c?.evidence).toContain('/subject/currentCountry=IT')
  })

  it('leaves 2026.12.3 unchanged: its catalogue does not cite the new judgment', () => {
    const v3 = V3.redNotice.catalogue.find(i => i.id === id)
    const v4 = V4.redNotice.catalogue.find(i => i.id === id)
    expect(v3?.weight).toBe(20)
    expect(v4?.weight).toBe(30)
    expect(v3?.sources.some(s => s.reference?.includes('37610/18') === true)).toBe(false)
    expect(v4?.sources.some(s => s.reference?.includes('37610/18') === true)).toBe(true)
  })
})

describe('(b) an assurance from a state outside the Convention against Torture, rated Partly Free or Not Free', () => {
  const combination = (f: AssuranceFacts, giver: CountryContext, rs = V4): number | undefined =>
    contribution(scoreAssurance(f, { givingState: giver }, rs), 'assurance-othman-combination')?.points
  const outsideCat = (freedomStatus: CountryContext['freedomStatus']): CountryContext =>
    neutralCountry({ freedomStatus, catParty: false, echrParty: false, systematicTorture: null })
  const specificUnmonitored = assurance({ specificity: 'specific' })

  it('takes the tiers of a state with a record of torture: 20 with one defect, 30 with both; 2026.12.3 gave nothing or 25', () => {
    expect(combination(specificUnmonitored, outsideCat('PF'))).toBe(20)
    expect(combination(specificUnmonitored, outsideCat('PF'), V3)).toBeUndefined()
    expect(combination(assurance(), outsideCat('NF'))).toBe(30)
    expect(combination(assurance(), outsideCat('NF'), V3)).toBe(25)
  })

  it('leaves a state rated Free, a party to the Convention, and an assurance kept or specific and independently monitored alone', () => {
    expect(combination(specificUnmonitored, outsideCat('F'))).toBeUndefined()
    expect(combination(specificUnmonitored, neutralCountry({ freedomStatus: 'PF', catParty: true, echrParty: false }))).toBeUndefined()
    expect(combination({ ...specificUnmonitored, priorCompliance: 'kept' }, outsideCat('PF'))).toBeUndefined()
    expect(combination({ ...specificUnmonitored, monitoring: { mechanism: 'independent_body' } }, outsideCat('PF'))).toBeUndefined()
  })

  it('says in words that the state is not a party to the Convention against Torture', () => {
    const c = contribution(scoreAssurance(specificUnmonitored, { givingState: country('IN') }, V4), 'assurance-othman-combination')
    expect(c?.points).toBe(20)
    expect(c?.explanation).toMatch(/India \(IN\), which is not a party to the UN Convention against Torture/)
    expect(c?.evidence).toContain('countries/IN/catParty=false')
  })
})

describe('(c) findings of widespread torture added with 2026.12.4', () => {
  it('are read by 2026.12.4 only: a journalist sought by Saudi Arabia faces the general-situation tier (12) under 2026.12.4, not under 2026.12.3', () => {
    const journalist = redNotice({ requestingCountry: 'SA', subject: { profiles: ['journalist'] }, charges: [{ category: 'fraud' }] })
    expect(points(journalist)).toBe(12)
    expect(points(journalist, V3)).toBeUndefined()
  })

  it('grade an unmonitored assurance from such a state like one from a state where torture is systematic', () => {
    const f = assurance({ givingState: 'PK', specificity: 'specific' })
    const combination = (rs = V4): number | undefined => contribution(scoreAssurance(f, { givingState: country('PK') }, rs), 'assurance-othman-combination')?.points
    expect(combination()).toBe(20)
    expect(combination(V3)).toBeUndefined()
    const c = contribution(scoreAssurance(f, { givingState: country('PK') }, V4), 'assurance-systematic-torture')
    expect(c?.explanation).toMatch(/CAT\/C\/PAK\/CO\/1/)
  })

  it('cite each new finding in the 2026.12.4 catalogue and not in 2026.12.3\'s', () => {
    const cites = (rs: typeof V4, id: string): boolean => (rs.assurance.catalogue.find(i => i.id === id)?.sources ?? []).some(s => s.reference === 'CAT/C/SAU/CO/2')
    expect(cites(V4, 'assurance-systematic-torture')).toBe(true)
    expect(cites(V3, 'assurance-systematic-torture')).toBe(false)
  })
})
