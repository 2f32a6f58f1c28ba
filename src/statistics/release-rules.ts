import { BANDS, type Band } from '../domain/index.ts'

/**
 * The publication rule of the statistics release (docs/statistics.md), pure so it can be tested alone and
 * used as the reference the suppression test checks the SQL against. k is the minimum group size.
 *
 * Records are partitioned into release classes (release-classes.ts: state × band × period, split where every
 * part is large enough; plus the indicator in the indicator view). A class is published whole or not at all,
 * before any filter or grouping applies, so every published count is a sum of whole classes of at least k.
 */

export { BANDS }
export type StatisticsBand = Band

/** A report-view class of n reports is published when it holds at least k of them. */
export function reportClassPublished (n: number, k: number): boolean {
  return n >= k
}

/**
 * An indicator-view class (the n reports of one report-view class of `cell` reports that have one
 * indicator) is published when it and its report class are published and the reports of that class
 * WITHOUT the indicator are none or at least k: otherwise "reports minus reports with the indicator" would
 * isolate fewer than k reports.
 */
export function indicatorClassPublished (n: number, cell: number, k: number): boolean {
  return n >= k && reportClassPublished(cell, k) && (cell === n || cell - n >= k)
}
