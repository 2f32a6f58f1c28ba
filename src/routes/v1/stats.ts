import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type, type TSchema } from 'typebox'
import { HttpProblem } from '../../errors.ts'
import { ProblemSchema } from '../../schemas/common.ts'
import {
  AssuranceStatisticsQuerySchema, AssuranceStatisticsSchema, AssuranceTimelineQuerySchema, AssuranceTimelineSchema, CountryStatisticsSchema,
  IndicatorStatisticsSchema, StatisticsQuerySchema, TimelineQuerySchema, TimelineStatisticsSchema
} from '../../schemas/statistics.ts'
import { stackedBarChart } from '../../statistics/charts.ts'
import { statisticsBy, type StatisticsAnswer } from '../../statistics/statistics.ts'
import type { StatisticsInterval } from '../../db/queries/statistics.ts'
import { preferredMediaType } from '../media-type.ts'

const TAGS = ['Statistics']
// docs/api.md: analysts read statistics; admins too. Reporters file cases and read their own, nothing aggregated.
const ANALYSTS = { roles: ['analyst', 'admin'] as const }
const Errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 406: ProblemSchema, 429: ProblemSchema }
const JSON_TYPE = 'application/json'
const SVG_TYPE = 'image/svg+xml'
const MEDIA = { json: JSON_TYPE, svg: SVG_TYPE } as const
const GUARANTEE = 'Counted over the statistics release (docs/statistics.md): reports are partitioned into classes of requesting state × band × ' +
  'period of creation (a month, a quarter or a year, the finest at which every class of that year holds minGroupSize, else pooled years), split by ' +
  'mechanism only where every part is large enough. Classes below minGroupSize are left out whole before any filter applies, so no filter ' +
  'combination reveals a suppressed group by difference. Only scored current reports count, neither withdrawn nor erased. ' +
  'Answer as JSON or, with `Accept: image/svg+xml` or `format=svg`, as an SVG chart.'

const answers = (schema: TSchema, chart: string) => ({
  200: {
    description: 'The statistics, or the same as a chart',
    content: { [JSON_TYPE]: { schema }, [SVG_TYPE]: { schema: Type.String({ description: chart }) } }
  },
  ...Errors
})

function wantsChart (request: FastifyRequest): boolean {
  const chosen = preferredMediaType(request.headers.accept, MEDIA, (request.query as { format?: string }).format)
  if (chosen === null) throw new HttpProblem(406, 'Not Acceptable', `Send Accept: ${JSON_TYPE} or ${SVG_TYPE}, or format=json|svg`)
  return chosen === 'svg'
}

async function sendChart<K extends string> (reply: FastifyReply, answer: StatisticsAnswer<K>, keyName: K, title: string, xTitle: string): Promise<FastifyReply> {
  const asOf = answer.asOf === null ? 'not built yet' : `as of ${answer.asOf.slice(0, 16).replace('T', ' ')} UTC`
  const svg = await stackedBarChart({
    title,
    subtitle: `Classes of fewer than ${answer.minGroupSize} reports left out; ${asOf}`,
    xTitle,
    bars: answer.groups.map((group) => ({ label: group[keyName], bands: group.bands }))
  })
  return await reply.type(`${SVG_TYPE}; charset=utf-8`).header('vary', 'accept').send(svg)
}

const asInterval = (value: string | undefined): StatisticsInterval => (value ?? 'month') as StatisticsInterval

/** Statistics (docs/api.md "Analysts"; docs/statistics.md): aggregates of the release, never of the raw reports. */
export const statisticsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps.database
  const minGroupSize = app.deps.config.statsMinGroupSize

  app.get('/stats/countries', {
    config: ANALYSTS,
    schema: {
      tags: TAGS,
      operationId: 'statisticsByCountry',
      summary: 'Report counts and score distribution per requesting state',
      description: GUARANTEE,
      querystring: StatisticsQuerySchema,
      response: answers(CountryStatisticsSchema, 'Bars per requesting state, stacked by band')
    }
  }, async (request, reply) => {
    const chart = wantsChart(request)
    const answer = await statisticsBy(db, { groupBy: 'state', keyName: 'requestingCountry', query: request.query, minGroupSize })
    if (chart) return await sendChart(reply, answer, 'requestingCountry', 'Reports by requesting state and band', 'Requesting state')
    const { notPlaced: _, withheld, ...rest } = answer
    return { ...rest, withheld: withheld.map((requestingCountry) => ({ requestingCountry, fewerThan: minGroupSize })) }
  })

  app.get('/stats/indicators', {
    config: ANALYSTS,
    schema: {
      tags: TAGS,
      operationId: 'statisticsByIndicator',
      summary: 'Report counts and score distribution per indicator',
      description: GUARANTEE,
      querystring: StatisticsQuerySchema,
      response: answers(IndicatorStatisticsSchema, 'Bars per indicator, stacked by band')
    }
  }, async (request, reply) => {
    const chart = wantsChart(request)
    const answer = await statisticsBy(db, { groupBy: 'indicator', keyName: 'indicatorId', query: request.query, minGroupSize })
    if (chart) return await sendChart(reply, answer, 'indicatorId', 'Reports by indicator and band', 'Indicator')
    const { notPlaced: _, withheld: __, ...rest } = answer
    return rest
  })

  app.get('/stats/timeline', {
    config: ANALYSTS,
    schema: {
      tags: TAGS,
      operationId: 'statisticsTimeline',
      summary: 'Report counts and score distribution per month, quarter or year of creation',
      description: GUARANTEE,
      querystring: TimelineQuerySchema,
      response: answers(TimelineStatisticsSchema, 'Bars per period, stacked by band')
    }
  }, async (request, reply) => {
    const chart = wantsChart(request)
    const { interval, format: _format, ...query } = request.query
    const answer = await statisticsBy(db, { groupBy: 'period', keyName: 'period', query, interval: asInterval(interval), minGroupSize })
    if (chart) return await sendChart(reply, answer, 'period', `Reports by ${asInterval(interval)} of creation and band`, 'Period of creation (UTC)')
    const { withheld: _, groups, ...rest } = answer
    return { ...rest, interval: asInterval(interval), groups: groups.map((g) => interval === undefined || interval === 'month' ? { ...g, month: g.period } : g) }
  })

  app.get('/stats/assurances', {
    config: ANALYSTS,
    schema: {
      tags: TAGS,
      operationId: 'statisticsOfAssurances',
      summary: 'Assurance counts and score distribution per giving or receiving state',
      description: 'Counted over the statistics release as for reports: classes of giving state × band × period, split by receiving state only where ' +
        'every part holds minGroupSize; grouping by receiving state counts the split classes only. The score of an assurance measures how little it ' +
        'can be relied on. Answer as JSON or, with `Accept: image/svg+xml` or `format=svg`, as an SVG chart.',
      querystring: AssuranceStatisticsQuerySchema,
      response: answers(AssuranceStatisticsSchema, 'Bars per state, stacked by band')
    }
  }, async (request, reply) => {
    const chart = wantsChart(request)
    const { groupBy = 'givingState', ...query } = request.query
    const byReceiving = groupBy === 'receivingState'
    const answer = await statisticsBy(db, { subject: 'assurance', groupBy: byReceiving ? 'split' : 'state', keyName: groupBy, query, minGroupSize })
    if (chart) return await sendChart(reply, answer, groupBy, `Assurances by ${byReceiving ? 'receiving' : 'giving'} state and band`, byReceiving ? 'Receiving state' : 'Giving state')
    const { notPlaced: _, withheld, ...rest } = answer
    return { ...rest, groupBy, withheld: withheld.map((givingState) => ({ givingState, fewerThan: minGroupSize })) }
  })

  app.get('/stats/assurances/timeline', {
    config: ANALYSTS,
    schema: {
      tags: TAGS,
      operationId: 'statisticsAssuranceTimeline',
      summary: 'Assurance counts and score distribution per month, quarter or year of creation',
      description: 'Counted over the statistics release as for reports (docs/statistics.md).',
      querystring: AssuranceTimelineQuerySchema,
      response: answers(AssuranceTimelineSchema, 'Bars per period, stacked by band')
    }
  }, async (request, reply) => {
    const chart = wantsChart(request)
    const { interval, ...query } = request.query
    const answer = await statisticsBy(db, { subject: 'assurance', groupBy: 'period', keyName: 'period', query, interval: asInterval(interval), minGroupSize })
    if (chart) return await sendChart(reply, answer, 'period', `Assurances by ${asInterval(interval)} of creation and band`, 'Period of creation (UTC)')
    const { withheld: _, groups, ...rest } = answer
    return { ...rest, interval: asInterval(interval), groups: groups.map((g) => interval === undefined || interval === 'month' ? { ...g, month: g.period } : g) }
  })
}
