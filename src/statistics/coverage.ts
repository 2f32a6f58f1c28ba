import { defaultCountryContext, NO_LINKED_REPORTS, scoreRedNoticeCompact } from '../domain/index.ts'
import { prng, syntheticRedNotice } from '../seed/synthetic.ts'
import { assignReleaseClasses, classKey, classSizes, type ReleaseRecord } from './release-classes.ts'

export interface ReleaseCoverage {
  reports: number
  /** Share of the reports counted in a published class (hence in the country statistics). */
  releasedShare: number
  /** Requesting states with at least `minStateReports` reports. */
  largeStates: number
  /** Of those, the ones none of whose classes is published (they would be missing from the country view). */
  largeStatesMissing: string[]
  /** States listed as "fewer than k" (no class published). */
  withheldStates: number
}

/** Coverage of the release over n reports of the seed's distribution, scored as the seed scores them. */
export function seedReleaseCoverage (options: { reports: number, seed: number, k: number, minStateReports: number }): ReleaseCoverage {
  const rng = prng(options.seed)
  const records: ReleaseRecord[] = []
  for (let i = 0; i < options.reports; i++) {
    const { facts, createdAt } = syntheticRedNotice(rng)
    const { band } = scoreRedNoticeCompact(facts, { requestingCountry: defaultCountryContext(facts.requestingCountry), linked: NO_LINKED_REPORTS })
    records.push({ view: 'report', state: facts.requestingCountry, split: facts.mechanism, band, month: createdAt.toISOString().slice(0, 7) })
  }
  return releaseCoverage(records, options.k, options.minStateReports)
}

export function releaseCoverage (records: ReleaseRecord[], k: number, minStateReports: number): ReleaseCoverage {
  const classes = assignReleaseClasses(records, k)
  const sizes = classSizes(classes)
  const published = classes.map((c) => sizes.get(classKey(c))! >= k)
  const perState = new Map<string, { n: number, released: number }>()
  records.forEach((r, i) => {
    const state = perState.get(r.state) ?? { n: 0, released: 0 }
    state.n++
    if (published[i]!) state.released++
    perState.set(r.state, state)
  })
  const large = [...perState].filter(([, s]) => s.n >= minStateReports)
  return {
    reports: records.length,
    releasedShare: published.filter(Boolean).length / Math.max(1, records.length),
    largeStates: large.length,
    largeStatesMissing: large.filter(([, s]) => s.released === 0).map(([state]) => state),
    withheldStates: [...perState.values()].filter((s) => s.released === 0).length
  }
}
