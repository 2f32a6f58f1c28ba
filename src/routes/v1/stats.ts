import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ProblemSchema } from '../../schemas/common.ts'
import {
  CountryStatisticsSchema, IndicatorStatisticsSchema, StatisticsQuerySchema, TimelineQuerySchema, TimelineStatisticsSchema
} from '../../schemas/statistics.ts'
import { statisticsBy } from '../../statistics/statistics.ts'

const TAGS = ['Statistics']
// api.md: analysts read statistics; admins too. Reporters file cases and read their own, nothing aggregated.
const ANALYSTS = { roles: ['analyst', 'admin'] as const }
const Errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 429: ProblemSchema }
const GUARANTEE = 'Counted over the statistics release: classes of reports (requesting state × band × mechanism × month of creation, ' +
  'and × indicator for indicator counts) smaller than minGroupSize are left out whole before any filter applies, so no filter ' +
  'combination reveals a suppressed group by difference. Only the scored current reports count, neither withdrawn nor erased. ' +
  'Filters: requestingCountry, band, mechanism, indicator, createdFrom/createdTo (whole months); any other is refused.'

/** Statistics (api.md "Analysts"; README "Statistics"): aggregates of the release, never of the raw reports. */
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
      response: { 200: CountryStatisticsSchema, ...Errors }
    }
  }, async (request) => await statisticsBy(db, { groupBy: 'requestingCountry', keyName: 'requestingCountry', query: request.query, minGroupSize }))

  app.get('/stats/indicators', {
    config: ANALYSTS,
    schema: {
      tags: TAGS,
      operationId: 'statisticsByIndicator',
      summary: 'Report counts and score distribution per indicator',
      description: GUARANTEE,
      querystring: StatisticsQuerySchema,
      response: { 200: IndicatorStatisticsSchema, ...Errors }
    }
  }, async (request) => await statisticsBy(db, { groupBy: 'indicator', keyName: 'indicatorId', query: request.query, minGroupSize }))

  app.get('/stats/timeline', {
    config: ANALYSTS,
    schema: {
      tags: TAGS,
      operationId: 'statisticsTimeline',
      summary: 'Report counts and score distribution per month of creation',
      description: GUARANTEE,
      querystring: TimelineQuerySchema,
      response: { 200: TimelineStatisticsSchema, ...Errors }
    }
  }, async (request) => {
    const { interval, ...query } = request.query
    return { ...await statisticsBy(db, { groupBy: 'month', keyName: 'month', query, minGroupSize }), interval: interval ?? 'month' }
  })
}
