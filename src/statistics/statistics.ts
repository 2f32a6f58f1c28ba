import type { Database } from '../db/client.ts'
import { readStatistics, type StatisticsFilter, type StatisticsGroupRow, type StatisticsGrouping } from '../db/queries/statistics.ts'
import { badRequest } from '../errors.ts'
import type { StatisticsQuery } from '../schemas/statistics.ts'
import { BANDS, type StatisticsBand } from './release-rules.ts'

export interface StatisticsGroup {
  count: number
  bands: Record<StatisticsBand, number>
  meanScore: number
}

export interface StatisticsAnswer<K extends string> {
  asOf: string | null
  minGroupSize: number
  groups: Array<Record<K, string> & StatisticsGroup>
}

/** The query's months as the first days the release stores; an empty range is the client's mistake. */
export function statisticsFilter (query: StatisticsQuery): StatisticsFilter {
  if (query.createdFrom !== undefined && query.createdTo !== undefined && query.createdFrom > query.createdTo) {
    throw badRequest('createdTo is before createdFrom', [{ pointer: '/createdTo', message: 'must not be before createdFrom' }])
  }
  return {
    requestingCountry: query.requestingCountry,
    band: query.band as StatisticsBand | undefined,
    mechanism: query.mechanism,
    indicator: query.indicator,
    fromMonth: query.createdFrom === undefined ? undefined : `${query.createdFrom}-01`,
    toMonth: query.createdTo === undefined ? undefined : `${query.createdTo}-01`
  }
}

export function toGroup (row: StatisticsGroupRow): StatisticsGroup {
  const count = BANDS.reduce((sum, band) => sum + row.bands[band], 0)
  return { count, bands: row.bands, meanScore: Math.round((row.scoreSum / count) * 10) / 10 }
}

const ORDER: Record<StatisticsGrouping, (a: StatisticsGroupRow & StatisticsGroup, b: StatisticsGroupRow & StatisticsGroup) => number> = {
  requestingCountry: (a, b) => b.count - a.count || (a.key < b.key ? -1 : 1),
  indicator: (a, b) => b.count - a.count || (a.key < b.key ? -1 : 1),
  month: (a, b) => (a.key < b.key ? -1 : 1)
}

/** One statistics answer: the published groups only; suppressed ones leave no trace (README "Statistics"). */
export async function statisticsBy<K extends string> (db: Database, options: { groupBy: StatisticsGrouping, keyName: K, query: StatisticsQuery, minGroupSize: number }): Promise<StatisticsAnswer<K>> {
  const result = await readStatistics(db, { groupBy: options.groupBy, filter: statisticsFilter(options.query), minGroupSize: options.minGroupSize })
  const groups = result.groups.map((row) => ({ ...row, ...toGroup(row) })).sort(ORDER[options.groupBy])
  return {
    asOf: result.asOf?.toISOString() ?? null,
    minGroupSize: options.minGroupSize,
    groups: groups.map(({ key, count, bands, meanScore }) => ({ [options.keyName]: key, count, bands, meanScore }) as Record<K, string> & StatisticsGroup)
  }
}
