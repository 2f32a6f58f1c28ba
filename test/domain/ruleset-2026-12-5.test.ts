import { describe, expect, it } from 'vitest'
import { CURRENT_RULESET, rulesetByVersion, scoreAssurance, scoreRedNotice } from '../../src/domain/index.ts'
import type { AssuranceFacts, CountryContext, RedNoticeFacts, ScoringContext } from '../../src/domain/index.ts'
import { findingCovers, type TortureFinding } from '../../src/domain/torture-findings.ts'
import { NO_LINKED_REPORTS } from '../../src/domain/linked.ts'
import { assurance, contribution, country, redNotice } from './fixtures.ts'

// Ruleset 2026.12.5 (docs/scoring-evaluation.md): no weight changes; the rules read more sourced reference
// data, including findings about a period that has ended, read for facts dated within it.
const V5 = rulesetByVersion('2026.12.5')
const V4 = rulesetByVersion('2026.12.4')
if (V5 === undefined || V4 === undefined) throw new Error('rulesets 2026.12.4 and 2026.12.5 must be registered')

const withStates = (requesting: string): ScoringContext => ({
  requestingCountry: country(requesting),
  countryOf: (code: string): CountryContext | null => country(code),
  linked: NO_LINKED_REPORTS
})
const rnPoints = (f: RedNoticeFacts, id: string, rs = V5): number | undefined =>
  contribution(scoreRedNotice(f, withStates(f.requestingCountry), rs), id)?.points
const asContribution = (f: AssuranceFacts, id: string, rs = V5): ReturnType<typeof contribution> =>
  contribution(scoreAssurance(f, { givingState: country(f.givingState) }, rs), id)

describe('2026.12.5 stays registered', () => {
  it('keeps the band limits of 2026.12.4 and is not the current ruleset any more', () => {
    expect(CURRENT_RULESET.version).not.toBe('2026.12.5')
    expect(V5.bandLimits).toBe(V4.bandLimits)
  })

  it('changes no weight', () => {
    const weights = (rs: typeof V5): string[] => [...rs.redNotice.catalogue, ...rs.assurance.catalogue].map(i => `${i.id}:${i.weight}:${(i.tiers ?? []).map(t => t.points).join('/')}`)
    expect(weights(V5)).toEqual(weights(V4))
  })
})

describe('the period a finding describes', () => {
  const ended: TortureFinding = { code: 'XA', finding: 'f', source: { citation: 'c' }, period: { from: '2003-12-10', until: '2011-01-14' } }
  const since: TortureFinding = { code: 'XA', finding: 'f', source: { citation: 'c' }, period: { from: '2020-05-01' } }

  it('reads an ended period for any date within it, dates known to the month or year included, and never without a date', () => {
    expect(findingCovers(ended, ['2009-06-01'])).toBe(true)
    expect(findingCovers(ended, ['2012-01-01', '2009-06-01'])).toBe(true)
    expect(findingCovers(ended, ['2009'])).toBe(true)
    expect(findingCovers(ended, ['2003-12'])).toBe(true)
    expect(findingCovers(ended, ['2003-11-30'])).toBe(false)
    expect(findingCovers(ended, ['2011-01-15'])).toBe(false)
    expect(findingCovers(ended, [])).toBe(false)
  })

  it('reads a finding about the present for a red notice whatever its dates, and for an assurance given since it began or undated', () => {
    expect(findingCovers(since, ['2010-01-01'], 'return')).toBe(true)
    expect(findingCovers(since, ['2010-01-01'], 'given')).toBe(false)
    expect(findingCovers(since, ['2021-01-01'], 'given')).toBe(true)
    expect(findingCovers(since, [], 'given')).toBe(true)
  })
})

describe('findings about a regime that has fallen (Tunisia before 14 January 2011, Saadi v. Italy)', () => {
  const tunisian = (date: string): AssuranceFacts => assurance({ givingState: 'TN', givenOn: date, specificity: 'specific' })

  it('grade an assurance given then as one from a state with a record of torture, and say when it was given', () => {
    const c = asContribution(tunisian('2008-03-01'), 'assurance-systematic-torture')
    expect(c).toBeDefined()
    expect(c?.explanation).toMatch(/when the assurance was given \(2008-03-01\)/)
    expect(c?.explanation).toMatch(/37201\/06/)
    expect(asContribution(tunisian('2008-03-01'), 'assurance-othman-combination')?.points).toBe(20)
  })

  it('do not read them for an assurance given after the period, undated, or under 2026.12.4', () => {
    expect(asContribution(tunisian('2015-03-01'), 'assurance-systematic-torture')).toBeUndefined()
    expect(asContribution(assurance({ givingState: 'TN', specificity: 'specific' }), 'assurance-systematic-torture')).toBeUndefined()
    expect(asContribution(tunisian('2008-03-01'), 'assurance-systematic-torture', V4)).toBeUndefined()
  })

  it('read them for a targeted person whose proceedings fall within the period, naming the dates', () => {
    const activist = (date: string): RedNoticeFacts => redNotice({ requestingCountry: 'TN', subject: { profiles: ['activist'] }, charges: [{ category: 'other' }], events: [{ type: 'arrest', country: 'IT', date }] })
    expect(rnPoints(activist('2009-05-01'), 'torture-risk-targeted-person')).toBe(12)
    const c = contribution(scoreRedNotice(activist('2009-05-01'), withStates('TN'), V5), 'torture-risk-targeted-person')
    expect(c?.explanation).toMatch(/at the time of the proceedings \(2009-05-01\)/)
    expect(rnPoints(activist('2013-05-01'), 'torture-risk-targeted-person')).toBeUndefined()
    expect(rnPoints(activist('2009-05-01'), 'torture-risk-targeted-person', V4)).toBeUndefined()
  })
})

describe('findings about the present with the date the situation began (Belarus since 2020)', () => {
  it('read an assurance given before that date against the situation then, an undated one against the present', () => {
    const belarusian = (givenOn?: string): AssuranceFacts => assurance({ givingState: 'BY', specificity: 'specific', ...(givenOn === undefined ? {} : { givenOn }) })
    expect(asContribution(belarusian('2010-08-16'), 'assurance-systematic-torture')).toBeUndefined()
    expect(asContribution(belarusian('2022-01-10'), 'assurance-systematic-torture')).toBeDefined()
    expect(asContribution(belarusian(), 'assurance-systematic-torture')).toBeDefined()
    expect(asContribution(belarusian(), 'assurance-systematic-torture', V4)).toBeUndefined()
  })
})

describe('origin states of transnational repression added with 2026.12.5', () => {
  it('count a critic sought by Bahrain, naming the source, under 2026.12.5 only', () => {
    const critic = redNotice({ requestingCountry: 'BH', subject: { profiles: ['activist'] }, charges: [{ category: 'other' }] })
    expect(rnPoints(critic, 'targeted-person-repressive-state')).toBe(12)
    expect(rnPoints(critic, 'targeted-person-repressive-state', V4)).toBeUndefined()
    const c = contribution(scoreRedNotice(critic, withStates('BH'), V5), 'targeted-person-repressive-state')
    expect(c?.explanation).toMatch(/Bahrain \(BH\), which Freedom House .*, in Still Not Safe/)
  })
})

describe('whom Freedom House\'s case studies find a state pursues abroad', () => {
  it('counts a former insider of Saudi Arabia living abroad, not one living in Saudi Arabia, and not under 2026.12.4', () => {
    const insider = (currentCountry: string): RedNoticeFacts => redNotice({ requestingCountry: 'SA', subject: { profiles: ['former_official'], currentCountry }, charges: [{ category: 'economic' }] })
    expect(rnPoints(insider('CA'), 'targeted-person-repressive-state')).toBe(12)
    expect(rnPoints(insider('SA'), 'targeted-person-repressive-state')).toBeUndefined()
    expect(rnPoints(insider('CA'), 'targeted-person-repressive-state', V4)).toBeUndefined()
    const c = contribution(scoreRedNotice(insider('CA'), withStates('SA'), V5), 'targeted-person-repressive-state')
    expect(c?.explanation).toMatch(/former insiders/)
    expect(c?.explanation).toMatch(/freedomhouse\.org/)
  })

  it('counts any Rwandan abroad, but not a national of another state', () => {
    const abroad = (nationalities: string[]): RedNoticeFacts => redNotice({ requestingCountry: 'RW', subject: { nationalities, currentCountry: 'GB' }, charges: [{ category: 'sexual' }] })
    expect(rnPoints(abroad(['RW']), 'targeted-person-repressive-state')).toBe(12)
    expect(rnPoints(abroad(['BE']), 'targeted-person-repressive-state')).toBeUndefined()
  })
})
