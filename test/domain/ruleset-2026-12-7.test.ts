import { describe, expect, it } from 'vitest'
import { rulesetByVersion, scoreRedNotice } from '../../src/domain/index.ts'
import type { CountryContext, PoliticalContextType, Profile, RedNoticeFacts, ScoringContext } from '../../src/domain/index.ts'
import { NO_LINKED_REPORTS } from '../../src/domain/linked.ts'
import { CONTEXT_PHRASES, profileText } from '../../src/domain/evidence.ts'
import { contribution, country, redNotice } from './fixtures.ts'

// Ruleset 2026.12.7 (docs/scoring-evaluation.md): former office or a business counts as a sign of targeting
// only where the facts place the person in political contention.
const V7 = rulesetByVersion('2026.12.7')
const V6 = rulesetByVersion('2026.12.6')
if (V7 === undefined || V6 === undefined) throw new Error('rulesets 2026.12.6 and 2026.12.7 must be registered')

const ctx = (requesting: string): ScoringContext => ({
  requestingCountry: country(requesting),
  countryOf: (code: string): CountryContext | null => country(code),
  linked: NO_LINKED_REPORTS
})
const points = (f: RedNoticeFacts, id: string, rs = V7): number | undefined => contribution(scoreRedNotice(f, ctx(f.requestingCountry), rs), id)?.points

/** A former official of a Partly Free state charged with embezzlement, with whatever else the case gives. */
const formerOfficial = (profiles: Profile[] = ['former_official'], context: PoliticalContextType[] = []): RedNoticeFacts => redNotice({
  requestingCountry: 'UA',
  subject: { profiles },
  charges: [{ category: 'economic', particulars: 'general' }],
  politicalContext: context.map(type => ({ type, date: '2020-01-01' }))
})

describe('2026.12.7 keeps the scale of 2026.12.6', () => {
  it('has the band limits and weights of 2026.12.6', () => {
    expect(V7.bandLimits).toBe(V6.bandLimits)
    const weights = (rs: typeof V7): string[] => [...rs.redNotice.catalogue, ...rs.assurance.catalogue].map(i => `${i.id}:${i.weight}:${(i.tiers ?? []).map(t => t.points).join('/')}`)
    expect(weights(V7)).toEqual(weights(V6))
  })
})

describe('former office or a business without political contention', () => {
  it('counts for nothing in status-context-timing and economic-charge-with-profile, where 2026.12.6 counted it', () => {
    for (const profiles of [['former_official'], ['business_person'], ['former_official', 'business_person']] as Profile[][]) {
      const f = formerOfficial(profiles)
      expect(points(f, 'status-context-timing', V6)).toBe(12)
      expect(points(f, 'economic-charge-with-profile', V6)).toBe(12)
      expect(points(f, 'status-context-timing')).toBeUndefined()
      expect(points(f, 'economic-charge-with-profile')).toBeUndefined()
    }
  })

  it('leaving office alone does not place the person in contention', () => {
    const f = formerOfficial(['former_official'], ['left_office'])
    expect(points(f, 'status-context-timing')).toBeUndefined()
    expect(points(f, 'economic-charge-with-profile')).toBeUndefined()
  })
})

describe('former office or a business in political contention', () => {
  it.each(['change_of_government', 'election', 'protest', 'public_criticism', 'defection', 'political_activity_began'] as PoliticalContextType[])(
    'counts as in 2026.12.6 after the event %s, and the finding names the event', (event) => {
      const f = formerOfficial(['former_official'], [event])
      expect(points(f, 'economic-charge-with-profile')).toBe(12)
      expect(points(f, 'status-context-timing')).toBe(points(f, 'status-context-timing', V6))
      const c = contribution(scoreRedNotice(f, ctx('UA'), V7), 'economic-charge-with-profile')
      expect(c?.evidence).toContain(`/politicalContext/0/type=${event}`)
      expect(c?.explanation).toContain(`${CONTEXT_PHRASES[event]} on 2020-01-01`)
    })

  it('counts with an opponent\'s profile or as the relative of a targeted person', () => {
    for (const other of ['political_opposition', 'journalist', 'relative_of_targeted_person'] as Profile[]) {
      const f = formerOfficial(['business_person', other])
      expect(points(f, 'economic-charge-with-profile')).toBe(12)
      expect(contribution(scoreRedNotice(f, ctx('UA'), V7), 'economic-charge-with-profile')?.explanation)
        .toContain(`the person is also reported as ${profileText(other)}`)
    }
  })

  it('leaves opponents and critics as they were', () => {
    const critic = formerOfficial(['political_opposition'])
    for (const id of ['status-context-timing', 'economic-charge-with-profile']) {
      expect(points(critic, id)).toBe(points(critic, id, V6))
      const now = contribution(scoreRedNotice(critic, ctx('UA'), V7), id)
      expect(now?.evidence).toEqual(contribution(scoreRedNotice(critic, ctx('UA'), V6), id)?.evidence)
      expect(now?.explanation).not.toContain('Former office or business counts here')
    }
  })
})

describe('monotone in the facts', () => {
  it('adding a profile or a political event never lowers either indicator', () => {
    const steps: RedNoticeFacts[] = [
      formerOfficial([]),
      formerOfficial(['former_official']),
      formerOfficial(['former_official'], ['left_office']),
      formerOfficial(['former_official'], ['left_office', 'change_of_government']),
      formerOfficial(['former_official', 'political_opposition'], ['left_office', 'change_of_government'])
    ]
    for (const id of ['status-context-timing', 'economic-charge-with-profile']) {
      const seen = steps.map(f => points(f, id) ?? 0)
      expect(seen).toEqual([...seen].sort((a, b) => a - b))
    }
  })
})
