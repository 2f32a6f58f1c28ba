/**
 * The partition of the statistics release (docs/statistics.md), in plain TypeScript: the twin of
 * refresh_statistics(k) (migration 0021), used as the reference the tests check the SQL against and to
 * measure coverage without a database. Pure: no I/O.
 *
 * Records are grouped by (view, state, band). Within each year of creation, the class period is the finest of
 * month, quarter and year at which every non-empty class of that year holds k records; years short of k are
 * pooled into one 'rest' class per (view, state, band), which takes in the smallest dated year if it would
 * otherwise stay below k. A class is split by its split value (mechanism, or receiving state for assurances)
 * only when every part holds k; otherwise its split is 'mixed'. Classes of at least k records are published.
 */

export type PeriodKind = 'month' | 'quarter' | 'year' | 'rest'

export interface ReleaseRecord {
  view: 'report' | 'assurance'
  state: string
  split: string
  band: string
  /** YYYY-MM (UTC) of creation. */
  month: string
}

export interface ReleaseClass {
  view: string
  state: string
  split: string
  band: string
  periodKind: PeriodKind
  /** 'YYYY-MM', 'YYYY-Qn', 'YYYY' or 'rest'. */
  period: string
}

export const classKey = (c: ReleaseClass): string => `${c.view}|${c.state}|${c.split}|${c.band}|${c.period}`

const quarterOf = (month: string): string => `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`

function count<T> (items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>()
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1)
  return counts
}

function periodFor (month: string, kind: PeriodKind): string {
  if (kind === 'month') return month
  if (kind === 'quarter') return quarterOf(month)
  if (kind === 'year') return month.slice(0, 4)
  return 'rest'
}

/** Assigns every record its release class; the result is in the records' order. */
export function assignReleaseClasses (records: readonly ReleaseRecord[], k: number): ReleaseClass[] {
  const groupKey = (r: ReleaseRecord) => `${r.view}|${r.state}|${r.band}`
  const levels = new Map<string, PeriodKind>()
  const byGroup = new Map<string, ReleaseRecord[]>()
  for (const r of records) byGroup.set(groupKey(r), [...(byGroup.get(groupKey(r)) ?? []), r])
  for (const [group, members] of byGroup) {
    const years = count(members, (r) => r.month.slice(0, 4))
    const months = count(members, (r) => r.month)
    const quarters = count(members, (r) => quarterOf(r.month))
    const levelOf = new Map<string, PeriodKind>()
    for (const [year, n] of years) {
      const minOf = (counts: Map<string, number>) => Math.min(...[...counts].filter(([key]) => key.startsWith(year)).map(([, c]) => c))
      levelOf.set(year, minOf(months) >= k ? 'month' : minOf(quarters) >= k ? 'quarter' : n >= k ? 'year' : 'rest')
    }
    const rest = [...years].filter(([year]) => levelOf.get(year) === 'rest').reduce((sum, [, n]) => sum + n, 0)
    if (rest > 0 && rest < k) {
      const smallest = [...years].filter(([year]) => levelOf.get(year) !== 'rest').sort(([ya, a], [yb, b]) => a - b || (ya < yb ? -1 : 1))[0]
      if (smallest !== undefined) levelOf.set(smallest[0], 'rest')
    }
    for (const [year, level] of levelOf) levels.set(`${group}|${year}`, level)
  }
  const unsplit = records.map((r) => {
    const periodKind = levels.get(`${groupKey(r)}|${r.month.slice(0, 4)}`)!
    return { view: r.view, state: r.state, split: r.split, band: r.band, periodKind, period: periodFor(r.month, periodKind) }
  })
  const parts = count(unsplit, classKey)
  const splitOk = new Map<string, boolean>()
  for (const c of unsplit) {
    const whole = classKey({ ...c, split: '' })
    splitOk.set(whole, (splitOk.get(whole) ?? true) && parts.get(classKey(c))! >= k)
  }
  return unsplit.map((c) => splitOk.get(classKey({ ...c, split: '' })) === true ? c : { ...c, split: 'mixed' })
}

/** Class sizes of an assignment, by classKey. */
export function classSizes (classes: readonly ReleaseClass[]): Map<string, number> {
  return count([...classes], classKey)
}
