import { sql, type SQL } from 'drizzle-orm'
import type { Database } from '../client.ts'
import { BANDS, type StatisticsBand } from '../../statistics/release-rules.ts'

export type StatisticsGrouping = 'requestingCountry' | 'indicator' | 'month'

/** Filters on the class dimensions only; months are first days (`YYYY-MM-01`), both ends included. */
export interface StatisticsFilter {
  requestingCountry?: string
  band?: StatisticsBand
  mechanism?: string
  indicator?: string
  fromMonth?: string
  toMonth?: string
}

export interface StatisticsGroupRow {
  key: string
  bands: Record<StatisticsBand, number>
  scoreSum: number
}

export interface StatisticsResult {
  /** When the release was rebuilt; null before the first refresh. */
  asOf: Date | null
  groups: StatisticsGroupRow[]
}

/**
 * Rebuilds the release from the current reports (migration "statistics"), with its rollups for this minimum
 * group size. The function runs as the database owner, so the application role calls it but cannot write the
 * tables itself. Called on the reconciler's schedule, by the seed script and by tests; on a million reports
 * it takes tens of seconds, hence the longer statement timeout of its own transaction.
 */
export async function refreshStatistics (db: Database, options: { minGroupSize: number, statementTimeoutMs?: number }): Promise<Date> {
  const timeout = Math.max(1000, Math.floor(options.statementTimeoutMs ?? 600_000))
  return await db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('statement_timeout', ${String(timeout)}, true)`)
    const result = await tx.execute(sql`select refresh_statistics(${options.minGroupSize}::integer) as refreshed_at`) as unknown as { rows: Array<{ refreshed_at: Date | string }> }
    return new Date(result.rows[0]!.refreshed_at)
  })
}

/**
 * The schedule's entry point: rebuilds the release when it is older than maxAgeMs or was built for another
 * minimum group size, so a reconciler that runs every minute does not rebuild a million-report release every
 * minute. Returns whether it rebuilt.
 */
export async function refreshStatisticsIfDue (db: Database, options: { minGroupSize: number, maxAgeMs: number }): Promise<boolean> {
  const { rows } = await db.execute(sql`select refreshed_at, min_group_size from stats_release where id = 1`) as unknown as { rows: Array<{ refreshed_at: Date | string, min_group_size: number }> }
  const release = rows[0]
  if (release !== undefined && release.min_group_size === options.minGroupSize && Date.now() - new Date(release.refreshed_at).getTime() < options.maxAgeMs) return false
  await refreshStatistics(db, { minGroupSize: options.minGroupSize })
  return true
}

// Column names come from this fixed list only, never from input.
const column = (prefix: 'n' | 'score' | 'cell', band: StatisticsBand): SQL => sql.raw(`${prefix}_${band}`)

/** The SQL twin of release-rules.ts: whether the class of this band in a row is published. */
function publishedCondition (view: 'report' | 'indicator', band: StatisticsBand, k: number): SQL {
  const n = column('n', band)
  if (view === 'report') return sql`${n} >= ${k}`
  const cell = column('cell', band)
  return sql`(${n} >= ${k} and ${cell} >= ${k} and (${cell} = ${n} or ${cell} - ${n} >= ${k}))`
}

/** Which view answers: the indicator view when grouping by indicator or keeping one indicator's reports. */
export function viewFor (groupBy: StatisticsGrouping, filter: StatisticsFilter): 'report' | 'indicator' {
  return groupBy === 'indicator' || filter.indicator !== undefined ? 'indicator' : 'report'
}

/** The filter as conditions on the class rows (the band filter acts on the band columns instead). */
export function filterConditions (filter: StatisticsFilter, view: 'report' | 'indicator'): SQL {
  const conditions: SQL[] = [sql`true`]
  if (filter.requestingCountry !== undefined) conditions.push(sql`requesting_country = ${filter.requestingCountry}`)
  if (filter.mechanism !== undefined) conditions.push(sql`mechanism = ${filter.mechanism}`)
  if (filter.fromMonth !== undefined) conditions.push(sql`month >= ${filter.fromMonth}::date`)
  if (filter.toMonth !== undefined) conditions.push(sql`month <= ${filter.toMonth}::date`)
  if (filter.indicator !== undefined && view === 'indicator') conditions.push(sql`indicator_id = ${filter.indicator}`)
  return sql.join(conditions, sql` and `)
}

const GROUP_KEYS: Record<StatisticsGrouping, SQL> = {
  requestingCountry: sql.raw('requesting_country'),
  indicator: sql.raw('indicator_id'),
  month: sql.raw('to_char(month, \'YYYY-MM\')')
}

/** The filter on the rollups: an open dimension reads its '*' rows, unless the answer is grouped by it. */
export function rollupConditions (filter: StatisticsFilter, view: 'report' | 'indicator', groupBy: StatisticsGrouping): SQL {
  const conditions: SQL[] = [
    filter.requestingCountry !== undefined
      ? sql`requesting_country = ${filter.requestingCountry}`
      : groupBy === 'requestingCountry' ? sql`requesting_country <> '*'` : sql`requesting_country = '*'`,
    filter.mechanism !== undefined ? sql`mechanism = ${filter.mechanism}` : sql`mechanism = '*'`
  ]
  if (filter.fromMonth !== undefined) conditions.push(sql`month >= ${filter.fromMonth}::date`)
  if (filter.toMonth !== undefined) conditions.push(sql`month <= ${filter.toMonth}::date`)
  if (filter.indicator !== undefined && view === 'indicator') conditions.push(sql`indicator_id = ${filter.indicator}`)
  return sql.join(conditions, sql` and `)
}

/**
 * Counts and score sums per group over the published classes only. Classes below k are dropped row by
 * row before the filter's sums, so nothing smaller than a class ever enters a total. Reads the rollups
 * when they were built for this k (a few thousand rows at most), else the class tables with k applied here.
 * The release time comes from the same statement, hence the same snapshot, as the counts.
 */
export async function readStatistics (db: Database, options: { groupBy: StatisticsGrouping, filter: StatisticsFilter, minGroupSize: number }): Promise<StatisticsResult> {
  const { groupBy, filter, minGroupSize: k } = options
  const view = viewFor(groupBy, filter)
  const bands = BANDS.filter((band) => filter.band === undefined || filter.band === band)
  const release = await db.execute(sql`select min_group_size from stats_release where id = 1`) as unknown as { rows: Array<{ min_group_size: number }> }
  if (release.rows.length === 0) return { asOf: null, groups: [] }
  const rollup = release.rows[0]!.min_group_size === k
  const counted = (band: StatisticsBand, prefix: 'n' | 'score'): SQL => rollup
    ? sql`${column(prefix, band)}`
    : sql`case when ${publishedCondition(view, band, k)} then ${column(prefix, band)} else 0 end`
  const counts = BANDS.map((band) => sql`${bands.includes(band) ? sql`sum(${counted(band, 'n')})::bigint` : sql`0::bigint`} as ${column('n', band)}`)
  const scoreSum = sql.join(bands.map((band) => sql`sum(${counted(band, 'score')})`), sql` + `)
  const table = sql.raw(`stats_${view}_${rollup ? 'rollup' : 'classes'}`)
  const where = rollup ? rollupConditions(filter, view, groupBy) : filterConditions(filter, view)
  const result = await db.execute(sql`
    with grouped as (
      select ${GROUP_KEYS[groupBy]} as key, ${sql.join(counts, sql`, `)}, (${scoreSum})::bigint as score_sum
      from ${table}
      where ${where}
      group by 1
    )
    select (select refreshed_at from stats_release where id = 1) as as_of,
      coalesce((select json_agg(json_build_array(key, n_low, n_elevated, n_high, n_critical, score_sum)) from grouped
        where n_low + n_elevated + n_high + n_critical > 0), '[]'::json) as groups
  `) as unknown as { rows: Array<{ as_of: Date | string | null, groups: unknown }> }
  const row = result.rows[0]!
  return { asOf: row.as_of === null ? null : new Date(row.as_of), groups: parseGroups(row.groups) }
}

function parseGroups (value: unknown): StatisticsGroupRow[] {
  const rows = (typeof value === 'string' ? JSON.parse(value) : value) as Array<[string, number, number, number, number, number]>
  return rows.map(([key, low, elevated, high, critical, scoreSum]) => ({
    key, bands: { low: Number(low), elevated: Number(elevated), high: Number(high), critical: Number(critical) }, scoreSum: Number(scoreSum)
  }))
}
