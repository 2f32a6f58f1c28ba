/**
 * What the suppression test knows about its data: the records, which of them count, and, for any published
 * group, the exact set of records it is made of. Written from the rule in docs/statistics.md, in plain
 * TypeScript over the records, independently of the SQL under test.
 */
import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import type { Database } from '../../src/db/client.ts'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { assignReleaseClasses, classKey, classSizes, type ReleaseClass } from '../../src/statistics/release-classes.ts'
import { BANDS, indicatorClassPublished, type StatisticsBand } from '../../src/statistics/release-rules.ts'

export interface StatRecord {
  index: number
  id: string
  country: string
  mechanism: string
  /** YYYY-MM of created_at in UTC. */
  month: string
  createdAt: string
  band: StatisticsBand | null
  score: number | null
  indicators: string[]
  withdrawn?: boolean
  erased?: boolean
}

export type Endpoint = 'countries' | 'indicators' | 'timeline'
export interface Filters {
  requestingCountry?: string
  band?: StatisticsBand
  mechanism?: string
  indicator?: string
  createdFrom?: string
  createdTo?: string
}

/** A published set: the records (by index) behind one group of one answer, and the indicator it is about. */
export interface PublishedSet { label: string, indicator: string | null, members: bigint, size: number }

export const counts = (record: StatRecord): boolean =>
  record.band !== null && record.score !== null && record.withdrawn !== true && record.erased !== true

const scoreIn = (band: StatisticsBand, rng: () => number): number => {
  const ranges: Record<StatisticsBand, readonly [number, number]> = { low: [0, 24], elevated: [25, 49], high: [50, 74], critical: [75, 100] }
  const [low, high] = ranges[band]
  return low + Math.floor(rng() * (high - low + 1))
}

/** Records of one cell: `size` reports, the first `withIndicator[i]` of them with indicator i. */
export function cell (out: StatRecord[], rng: () => number, spec: {
  country: string, mechanism: string, month: string, band: StatisticsBand, size: number, indicators?: Record<string, number>, createdAt?: string
}): void {
  for (let i = 0; i < spec.size; i++) {
    const indicators = Object.entries(spec.indicators ?? {}).filter(([, n]) => i < n).map(([id]) => id)
    out.push({
      index: out.length,
      id: randomUUID(),
      country: spec.country,
      mechanism: spec.mechanism,
      month: spec.month,
      createdAt: spec.createdAt ?? `${spec.month}-${String(1 + Math.floor(rng() * 27)).padStart(2, '0')}T12:00:00.000Z`,
      band: spec.band,
      score: scoreIn(spec.band, rng),
      indicators
    })
  }
}

/** Writes the records as the scoring trigger would leave them (current score, band, indicators on the row). */
export async function insertRecords (db: Database, records: StatRecord[]): Promise<void> {
  await withContext(db, SYSTEM_CONTEXT, async (tx) => {
    const { rows } = await tx.execute(sql`insert into partners (name) values (${`Statistics ${randomUUID()}`}) returning id`) as unknown as { rows: Array<{ id: string }> }
    const partnerId = rows[0]!.id
    const json = JSON.stringify(records.map((r) => ({
      id: r.id,
      country: r.country,
      mechanism: r.mechanism,
      score: r.score,
      band: r.band,
      indicators: r.indicators.join(','),
      createdAt: r.createdAt,
      withdrawnAt: r.withdrawn === true ? r.createdAt : null,
      erasedAt: r.erased === true ? r.createdAt : null
    })))
    await tx.execute(sql`
      insert into red_notices (id, partner_id, subject_id, revision, mechanism, requesting_country, facts, current_score, current_band,
        current_indicators, created_at, updated_at, withdrawn_at, erased_at)
      select "id", ${partnerId}::uuid, gen_random_uuid(), 1, "mechanism", "country", '{}'::jsonb, "score", "band",
        case when "indicators" = '' then '{}'::text[] else string_to_array("indicators", ',') end, "createdAt", "createdAt", "withdrawnAt", "erasedAt"
      from json_to_recordset(${json}::json) as t("id" uuid, "mechanism" text, "country" text, "score" smallint, "band" text, "indicators" text,
        "createdAt" timestamptz, "withdrawnAt" timestamptz, "erasedAt" timestamptz)`)
  })
}

const bit = (record: StatRecord): bigint => 1n << BigInt(record.index)

export function popcount (value: bigint): number {
  let count = 0
  let v = value
  while (v > 0n) {
    v &= v - 1n
    count++
  }
  return count
}

/** The release as the rule defines it: each record's class (the TypeScript twin), which classes and (record, indicator) pairs are published. */
export class Reference {
  readonly eligible: StatRecord[]
  readonly classOf = new Map<number, ReleaseClass>()
  readonly reportClassSize: Map<string, number>
  readonly indicatorClassSize = new Map<string, number>()

  constructor (records: StatRecord[], readonly k: number) {
    this.eligible = records.filter(counts)
    const classes = assignReleaseClasses(this.eligible.map((r) => ({ view: 'report' as const, state: r.country, split: r.mechanism, band: r.band!, month: r.month })), k)
    this.eligible.forEach((r, i) => this.classOf.set(r.index, classes[i]!))
    this.reportClassSize = classSizes(classes)
    for (const r of this.eligible) {
      for (const i of r.indicators) this.indicatorClassSize.set(`${i}|${this.key(r)}`, (this.indicatorClassSize.get(`${i}|${this.key(r)}`) ?? 0) + 1)
    }
  }

  key (r: StatRecord): string {
    return classKey(this.classOf.get(r.index)!)
  }

  reportPublished (r: StatRecord): boolean {
    return this.reportClassSize.get(this.key(r))! >= this.k
  }

  pairPublished (r: StatRecord, indicator: string): boolean {
    return indicatorClassPublished(this.indicatorClassSize.get(`${indicator}|${this.key(r)}`) ?? 0, this.reportClassSize.get(this.key(r))!, this.k)
  }

  /** Filters act on classes: the mechanism on the class's split, the months on its whole period. */
  private matches (r: StatRecord, f: Filters): boolean {
    const c = this.classOf.get(r.index)!
    const [first, last] = monthsOf(c)
    return (f.requestingCountry === undefined || r.country === f.requestingCountry) &&
      (f.band === undefined || r.band === f.band) &&
      (f.mechanism === undefined || c.split === f.mechanism) &&
      (f.createdFrom === undefined || (first !== null && first >= f.createdFrom)) &&
      (f.createdTo === undefined || (last !== null && last <= f.createdTo))
  }

  /**
   * Every group one answer should publish, with the records behind it. Indicator-view sets hold one pair
   * per record (one indicator per set), so a set of record indexes identifies them. The timeline is monthly:
   * records of coarser classes are in no group.
   */
  expected (endpoint: Endpoint, f: Filters): Map<string, { records: StatRecord[], indicator: string | null }> {
    const groups = new Map<string, { records: StatRecord[], indicator: string | null }>()
    const add = (key: string, r: StatRecord, indicator: string | null) => {
      const group = groups.get(key) ?? { records: [], indicator }
      group.records.push(r)
      groups.set(key, group)
    }
    for (const r of this.eligible) {
      if (!this.matches(r, f)) continue
      if (endpoint === 'indicators') {
        for (const i of r.indicators) if ((f.indicator === undefined || f.indicator === i) && this.pairPublished(r, i)) add(i, r, i)
        continue
      }
      if (endpoint === 'timeline' && this.classOf.get(r.index)!.periodKind !== 'month') continue
      const key = endpoint === 'countries' ? r.country : r.month
      if (f.indicator !== undefined) {
        if (r.indicators.includes(f.indicator) && this.pairPublished(r, f.indicator)) add(key, r, f.indicator)
      } else if (this.reportPublished(r)) {
        add(key, r, null)
      }
    }
    return groups
  }
}

/** First and last month a class covers; null for pooled years. */
function monthsOf (c: ReleaseClass): [string | null, string | null] {
  if (c.periodKind === 'month') return [c.period, c.period]
  if (c.periodKind === 'year') return [`${c.period}-01`, `${c.period}-12`]
  if (c.periodKind === 'quarter') {
    const first = (Number(c.period.slice(6)) - 1) * 3 + 1
    return [`${c.period.slice(0, 4)}-${String(first).padStart(2, '0')}`, `${c.period.slice(0, 4)}-${String(first + 2).padStart(2, '0')}`]
  }
  return [null, null]
}

export function setOf (records: StatRecord[]): bigint {
  return records.reduce((set, r) => set | bit(r), 0n)
}

export const bandCounts = (records: StatRecord[]): Record<StatisticsBand, number> =>
  Object.fromEntries(BANDS.map((band) => [band, records.filter((r) => r.band === band).length])) as Record<StatisticsBand, number>

export const meanScore = (records: StatRecord[]): number =>
  Math.round((records.reduce((sum, r) => sum + r.score!, 0) / records.length) * 10) / 10

/**
 * Differences of nested published sets: every pair A ⊇ B whose difference holds 1..k-1 records. Sets about
 * two different indicators are not compared (docs/statistics.md, limits): their pairs are disjoint.
 */
export function smallDifferences (sets: PublishedSet[], k: number): Array<{ a: string, b: string, difference: number }> {
  const found: Array<{ a: string, b: string, difference: number }> = []
  const sorted = [...sets].sort((x, y) => y.size - x.size)
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i]!
    for (let j = i + 1; j < sorted.length; j++) {
      const b = sorted[j]!
      if (a.indicator !== null && b.indicator !== null && a.indicator !== b.indicator) continue
      const difference = a.size - b.size
      if (difference === 0 || difference >= k) continue
      if ((b.members & ~a.members) !== 0n) continue
      found.push({ a: a.label, b: b.label, difference })
    }
  }
  return found
}

/** Every combination of the allowed filter values over the data (and values the data lacks). */
export function allFilters (values: { countries: string[], mechanisms: string[], indicators: string[], months: string[] }): Filters[] {
  const opt = <T>(xs: T[]): Array<T | undefined> => [undefined, ...xs]
  const out: Filters[] = []
  for (const requestingCountry of opt(values.countries)) {
    for (const band of opt([...BANDS])) {
      for (const mechanism of opt(values.mechanisms)) {
        for (const indicator of opt(values.indicators)) {
          for (const createdFrom of opt(values.months)) {
            for (const createdTo of opt(values.months)) {
              if (createdFrom !== undefined && createdTo !== undefined && createdFrom > createdTo) continue
              const f: Filters = { requestingCountry, band, mechanism, indicator, createdFrom, createdTo }
              for (const key of Object.keys(f) as Array<keyof Filters>) if (f[key] === undefined) delete f[key]
              out.push(f)
            }
          }
        }
      }
    }
  }
  return out
}

export interface AssuranceRecord { givingState: string, receivingState: string, band: StatisticsBand, score: number, createdAt: string }

/** Writes scored assurances as the scoring trigger would leave them (current score and band on the row). */
export async function insertAssurances (db: Database, records: AssuranceRecord[]): Promise<void> {
  await withContext(db, SYSTEM_CONTEXT, async (tx) => {
    const { rows } = await tx.execute(sql`insert into partners (name) values (${`Assurance statistics ${randomUUID()}`}) returning id`) as unknown as { rows: Array<{ id: string }> }
    await tx.execute(sql`
      insert into assurances (id, partner_id, revision, giving_state, receiving_state, facts, current_score, current_band, created_at, updated_at)
      select gen_random_uuid(), ${rows[0]!.id}::uuid, 1, "givingState", "receivingState", '{}'::jsonb, "score", "band", "createdAt", "createdAt"
      from json_to_recordset(${JSON.stringify(records)}::json) as t("givingState" text, "receivingState" text, "score" smallint, "band" text, "createdAt" timestamptz)`)
  })
}
