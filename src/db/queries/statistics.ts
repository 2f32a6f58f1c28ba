import { sql, type SQL } from 'drizzle-orm'
import type { Database } from '../client.ts'
import { BANDS, type StatisticsBand } from '../../statistics/release-rules.ts'

/** Which records an answer counts: red-notice reports, assurances, or (report, indicator) pairs. */
export type StatisticsView = 'report' | 'assurance' | 'indicator'
/** What an answer groups by: the state (requesting or giving), the split (receiving state), the indicator or the period. */
export type StatisticsGrouping = 'state' | 'split' | 'indicator' | 'period'
export type StatisticsInterval = 'month' | 'quarter' | 'year'

/** Filters on the class dimensions only; months are first days (`YYYY-MM-01`), both ends included. */
export interface StatisticsFilter {
  state?: string
  split?: string
  band?: StatisticsBand
  indicator?: string
  fromMonth?: string
  toMonth?: string
}

export interface StatisticsGroupRow {
  /** null: the published classes coarser than the timeline's interval ("not placed"). */
  key: string | null
  bands: Record<StatisticsBand, number>
  scoreSum: number
}

export interface StatisticsResult {
  /** When the release was rebuilt; null before the first refresh or when it was built for another k. */
  asOf: Date | null
  groups: StatisticsGroupRow[]
}

/**
 * Rebuilds the release from the current reports and assurances for this minimum group size (migration 0021).
 * The function runs as the database owner, so the application role calls it but cannot write the tables
 * itself. Called on the reconciler's schedule, by the seed script and by tests.
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
 * minimum group size. Returns whether it rebuilt.
 */
export async function refreshStatisticsIfDue (db: Database, options: { minGroupSize: number, maxAgeMs: number }): Promise<boolean> {
  const { rows } = await db.execute(sql`select refreshed_at, min_group_size from stats_release where id = 1`) as unknown as { rows: Array<{ refreshed_at: Date | string, min_group_size: number }> }
  const release = rows[0]
  if (release !== undefined && release.min_group_size === options.minGroupSize && Date.now() - new Date(release.refreshed_at).getTime() < options.maxAgeMs) return false
  await refreshStatistics(db, { minGroupSize: options.minGroupSize })
  return true
}

const INTERVAL_FORMAT: Record<StatisticsInterval, string> = { month: 'YYYY-MM', quarter: 'YYYY-"Q"Q', year: 'YYYY' }
/** Period kinds at least as fine as each interval: the classes a timeline can place. */
const PLACEABLE: Record<StatisticsInterval, string[]> = { month: ['month'], quarter: ['month', 'quarter'], year: ['month', 'quarter', 'year'] }

function groupKey (groupBy: StatisticsGrouping, interval: StatisticsInterval): SQL {
  if (groupBy === 'state') return sql.raw('requesting_country')
  if (groupBy === 'split') return sql.raw('split')
  if (groupBy === 'indicator') return sql.raw('indicator_id')
  const kinds = sql.join(PLACEABLE[interval].map((kind) => sql`${kind}`), sql`, `)
  return sql`case when period_kind in (${kinds}) then to_char(date_trunc(${interval}, period_start), ${INTERVAL_FORMAT[interval]}) end`
}

/** The rollup rows that answer: an open dimension reads its '*' rows, unless the answer is grouped by it. */
export function rollupConditions (view: StatisticsView, groupBy: StatisticsGrouping, filter: StatisticsFilter): SQL {
  const conditions: SQL[] = [sql`view = ${view}`]
  if (view === 'indicator') {
    conditions.push(filter.indicator !== undefined ? sql`indicator_id = ${filter.indicator}` : sql`indicator_id <> ''`)
  } else {
    conditions.push(sql`indicator_id = ''`)
  }
  conditions.push(filter.state !== undefined
    ? sql`requesting_country = ${filter.state}`
    : groupBy === 'state' ? sql`requesting_country <> '*'` : sql`requesting_country = '*'`)
  conditions.push(filter.split !== undefined
    ? sql`split = ${filter.split}`
    : groupBy === 'split' ? sql`split not in ('*', 'mixed')` : sql`split = '*'`)
  if (filter.band !== undefined) conditions.push(sql`band = ${filter.band}`)
  // A time filter keeps the classes whose whole period lies inside it; pooled years ('rest') have none.
  if (filter.fromMonth !== undefined) conditions.push(sql`period_start >= ${filter.fromMonth}::date`)
  if (filter.toMonth !== undefined) conditions.push(sql`period_end <= (${filter.toMonth}::date + interval '1 month')`)
  return sql.join(conditions, sql` and `)
}

/**
 * Counts and score sums per group over the published classes only, from the rollups of the release built for
 * this k. The release time comes from the same statement, hence the same snapshot, as the counts.
 */
export async function readStatistics (db: Database, options: {
  view: StatisticsView, groupBy: StatisticsGrouping, interval?: StatisticsInterval, filter: StatisticsFilter, minGroupSize: number
}): Promise<StatisticsResult> {
  const { view, groupBy, filter, minGroupSize: k } = options
  const counts = BANDS.map((band) => sql`(sum(n) filter (where band = ${band}))::bigint as ${sql.raw(`n_${band}`)}`)
  const result = await db.execute(sql`
    with release as (select refreshed_at from stats_release where id = 1 and min_group_size = ${k}),
    grouped as (
      select ${groupKey(groupBy, options.interval ?? 'month')} as key, ${sql.join(counts, sql`, `)}, sum(score_sum)::bigint as score_sum
      from stats_release_rollup
      where ${rollupConditions(view, groupBy, filter)} and exists (select 1 from release)
      group by 1
    )
    select (select refreshed_at from release) as as_of,
      coalesce((select json_agg(json_build_array(key, coalesce(n_low, 0), coalesce(n_elevated, 0), coalesce(n_high, 0), coalesce(n_critical, 0), score_sum)) from grouped), '[]'::json) as groups
  `) as unknown as { rows: Array<{ as_of: Date | string | null, groups: unknown }> }
  const row = result.rows[0]!
  return { asOf: row.as_of === null ? null : new Date(row.as_of), groups: parseGroups(row.groups) }
}

/**
 * States (requesting, or giving for assurances) that have counted records of which no class is published:
 * shown as "fewer than k" in an answer filtered by nothing but the state. The count itself is never read.
 */
export async function readWithheldStates (db: Database, options: { view: 'report' | 'assurance', state?: string, minGroupSize: number }): Promise<string[]> {
  const { rows } = await db.execute(sql`
    select requesting_country from stats_release_classes
    where view = ${options.view} ${options.state === undefined ? sql`` : sql`and requesting_country = ${options.state}`}
      and exists (select 1 from stats_release where id = 1 and min_group_size = ${options.minGroupSize})
    group by requesting_country having not bool_or(published)
    order by requesting_country
  `) as unknown as { rows: Array<{ requesting_country: string }> }
  return rows.map((r) => r.requesting_country)
}

function parseGroups (value: unknown): StatisticsGroupRow[] {
  const rows = (typeof value === 'string' ? JSON.parse(value) : value) as Array<[string | null, number, number, number, number, number]>
  return rows.map(([key, low, elevated, high, critical, scoreSum]) => ({
    key, bands: { low: Number(low), elevated: Number(elevated), high: Number(high), critical: Number(critical) }, scoreSum: Number(scoreSum)
  }))
}
