import type { Database } from '../db/client.ts'
import {
  readStatistics, readWithheldStates, type StatisticsFilter, type StatisticsGroupRow, type StatisticsGrouping, type StatisticsInterval,
  type StatisticsView
} from '../db/queries/statistics.ts'
import { badRequest } from '../errors.ts'
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
  /** Reports of published classes coarser than a timeline's interval. */
  notPlaced: number
  /** States with counted records none of whose classes is published (answers filtered by the state alone). */
  withheld: string[]
}

/** The filters every statistics request may carry, in the API's names. */
export interface StatisticsRequest {
  requestingCountry?: string
  givingState?: string
  receivingState?: string
  band?: string
  mechanism?: string
  indicator?: string
  createdFrom?: string
  createdTo?: string
}

/** The query's months as the first days the release stores; an empty range is the client's mistake. */
export function statisticsFilter (query: StatisticsRequest): StatisticsFilter {
  if (query.createdFrom !== undefined && query.createdTo !== undefined && query.createdFrom > query.createdTo) {
    throw badRequest('createdTo is before createdFrom', [{ pointer: '/createdTo', message: 'must not be before createdFrom' }])
  }
  return {
    state: query.requestingCountry ?? query.givingState,
    split: query.mechanism ?? query.receivingState,
    band: query.band as StatisticsBand | undefined,
    indicator: query.indicator,
    fromMonth: query.createdFrom === undefined ? undefined : `${query.createdFrom}-01`,
    toMonth: query.createdTo === undefined ? undefined : `${query.createdTo}-01`
  }
}

export function toGroup (row: StatisticsGroupRow): StatisticsGroup {
  const count = BANDS.reduce((sum, band) => sum + row.bands[band], 0)
  return { count, bands: row.bands, meanScore: Math.round((row.scoreSum / count) * 10) / 10 }
}

type Row = StatisticsGroupRow & StatisticsGroup & { key: string }
const byCount = (a: Row, b: Row) => b.count - a.count || (a.key < b.key ? -1 : 1)
const byKey = (a: Row, b: Row) => (a.key < b.key ? -1 : 1)

/**
 * One statistics answer: the published classes only. `withheld` names the states with nothing published when
 * the request filters nothing but the state: that a state has a few reports is shown, how many never is.
 */
export async function statisticsBy<K extends string> (db: Database, options: {
  subject?: 'report' | 'assurance', groupBy: StatisticsGrouping, keyName: K, query: StatisticsRequest, interval?: StatisticsInterval, minGroupSize: number
}): Promise<StatisticsAnswer<K>> {
  const filter = statisticsFilter(options.query)
  const subject = options.subject ?? 'report'
  const view: StatisticsView = subject === 'report' && (options.groupBy === 'indicator' || filter.indicator !== undefined) ? 'indicator' : subject
  const result = await readStatistics(db, { view, groupBy: options.groupBy, interval: options.interval, filter, minGroupSize: options.minGroupSize })
  const rows = result.groups.map((row) => ({ ...row, ...toGroup(row) }))
  const placed = rows.filter((row): row is Row => row.key !== null).sort(options.groupBy === 'period' ? byKey : byCount)
  const onlyState = filter.split === undefined && filter.band === undefined && filter.indicator === undefined && filter.fromMonth === undefined && filter.toMonth === undefined
  const withheld = options.groupBy === 'state' && onlyState && result.asOf !== null
    ? await readWithheldStates(db, { view: subject, state: filter.state, minGroupSize: options.minGroupSize })
    : []
  return {
    asOf: result.asOf?.toISOString() ?? null,
    minGroupSize: options.minGroupSize,
    groups: placed.map(({ key, count, bands, meanScore }) => ({ [options.keyName]: key, count, bands, meanScore }) as Record<K, string> & StatisticsGroup),
    notPlaced: rows.filter((row) => row.key === null).reduce((sum, row) => sum + row.count, 0),
    withheld
  }
}
