import { describe, expect, it } from 'vitest'
import { NO_LINKED_REPORTS, defaultCountryContext, scoreRedNotice } from '../../src/domain/index.ts'
import { compileStrict } from '../../src/plugins/validation.ts'
import { RedNoticeFactsSchema, type RedNoticeFacts } from '../../src/schemas/red-notices.ts'
import { SYNTHETIC_EPOCH_END, prng, storedSyntheticFacts, syntheticRedNotice } from '../../src/seed/synthetic.ts'

const validFacts = compileStrict<RedNoticeFacts>(RedNoticeFactsSchema)

describe('synthetic red-notice facts (npm run seed)', () => {
  const reports = (seed: number, n: number) => {
    const rng = prng(seed)
    return Array.from({ length: n }, () => syntheticRedNotice(rng))
  }

  it('are valid stored facts, as the API would have kept them (no charge wording: it is identifying)', () => {
    for (const { facts } of reports(11, 3000)) {
      const stored = storedSyntheticFacts(facts)
      expect(validFacts(stored), JSON.stringify(validFacts.errors)).toBe(true)
      expect(stored.charges.every((charge) => charge.description === undefined)).toBe(true)
    }
  })

  it('are the same for the same seed and differ for another', () => {
    expect(reports(5, 200)).toEqual(reports(5, 200))
    expect(reports(6, 200)).not.toEqual(reports(5, 200))
  })

  it('keep their dates in order and within the five years before the epoch end', () => {
    for (const { facts, createdAt } of reports(12, 3000)) {
      const created = createdAt.toISOString().slice(0, 10)
      expect(createdAt.getTime()).toBeLessThanOrEqual(SYNTHETIC_EPOCH_END)
      expect(createdAt.getTime()).toBeGreaterThan(SYNTHETIC_EPOCH_END - 5 * 366 * 86_400_000)
      if (facts.issuedOn !== undefined) expect(facts.issuedOn < created).toBe(true)
      if (facts.subject.leftRequestingCountryOn !== undefined) expect(facts.subject.leftRequestingCountryOn < created).toBe(true)
      for (const event of facts.events ?? []) expect((event.date ?? '') <= created).toBe(true)
    }
  })

  it('follow the weighted pattern: Russia first, many states, every band, North Caucasus cases from Russia', () => {
    const all = reports(13, 5000)
    const byCountry = new Map<string, number>()
    for (const { facts } of all) byCountry.set(facts.requestingCountry, (byCountry.get(facts.requestingCountry) ?? 0) + 1)
    const ranked = [...byCountry.entries()].sort((a, b) => b[1] - a[1])
    expect(ranked[0]![0]).toBe('RU')
    expect(ranked[0]![1] / all.length).toBeGreaterThan(0.25)
    expect(byCountry.size).toBeGreaterThan(20)
    const bands = new Set(all.map(({ facts }) => scoreRedNotice(facts as Parameters<typeof scoreRedNotice>[0], { requestingCountry: defaultCountryContext(facts.requestingCountry), linked: NO_LINKED_REPORTS }).band))
    expect([...bands].sort()).toEqual(['critical', 'elevated', 'high', 'low'])
    const chechen = all.filter(({ facts }) => facts.subject.ethnicity === 'Chechen')
    expect(chechen.length).toBeGreaterThan(50)
    expect(chechen.every(({ facts }) => facts.requestingCountry === 'RU')).toBe(true)
  })
})
