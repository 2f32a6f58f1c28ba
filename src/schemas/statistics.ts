import { Type, type Static } from 'typebox'
import { Closed, CountryCodeSchema, TimestampSchema, Nullable } from './common.ts'
import { MechanismSchema, ScoreBandSchema } from './vocabularies.ts'
import { named } from './named.ts'

const MonthSchema = (description: string) => Type.String({ pattern: '^[1-9][0-9]{3}-(0[1-9]|1[0-2])$', maxLength: 7, description, examples: ['2025-03'] })

/**
 * The only filters statistics take: the dimensions of the release's classes (README "Statistics"). Anything
 * else (subjectId, minScore, profile, status, free text...) is an unknown property, hence a 400 naming it.
 */
const filters = {
  requestingCountry: Type.Optional(CountryCodeSchema),
  band: Type.Optional(ScoreBandSchema),
  mechanism: Type.Optional(MechanismSchema),
  indicator: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{1,80}$', maxLength: 80, description: 'Only reports whose current score has this indicator (an id from GET /v1/indicators)' })),
  createdFrom: Type.Optional(MonthSchema('First month (UTC) of report creation, included. Statistics have month granularity.')),
  createdTo: Type.Optional(MonthSchema('Last month (UTC) of report creation, included.'))
}

export const StatisticsQuerySchema = Closed(filters)
export type StatisticsQuery = Static<typeof StatisticsQuerySchema>

export const TimelineQuerySchema = Closed({
  interval: Type.Optional(Type.String({ enum: ['month'], maxLength: 5, default: 'month', description: 'Only `month`: the release has month granularity' })),
  ...filters
})
export type TimelineQuery = Static<typeof TimelineQuerySchema>

const count = (description: string) => Type.Integer({ minimum: 0, description })

const groupMembers = {
  count: count('Reports in the group (at least minGroupSize)'),
  bands: Closed({
    low: count('Reports in band low'),
    elevated: count('Reports in band elevated'),
    high: count('Reports in band high'),
    critical: count('Reports in band critical')
  }, { description: 'The count by current score band; sums to count' }),
  meanScore: Type.Number({ minimum: 0, maximum: 100, description: 'Mean current score of the group, to one decimal' })
}

const release = {
  asOf: Nullable(TimestampSchema, { description: 'When the statistics release was last rebuilt (null: not yet); counts reflect the reports as of then' }),
  minGroupSize: Type.Integer({ minimum: 1, description: 'Groups, and the classes they are made of, below this many reports are left out' })
}

export const CountryStatisticsSchema = named('CountryStatistics', Closed({
  ...release,
  groups: Type.Array(Closed({ requestingCountry: CountryCodeSchema, ...groupMembers }), { maxItems: 1000, description: 'One per requesting state, most reports first' })
}, { description: 'Scored reports per requesting state' }))

export const IndicatorStatisticsSchema = named('IndicatorStatistics', Closed({
  ...release,
  groups: Type.Array(Closed({ indicatorId: Type.String({ maxLength: 80 }), ...groupMembers }), { maxItems: 1000, description: 'One per indicator, most reports first' })
}, { description: 'Scored reports per indicator of their current score' }))

export const TimelineStatisticsSchema = named('TimelineStatistics', Closed({
  ...release,
  interval: Type.String({ enum: ['month'], maxLength: 5 }),
  groups: Type.Array(Closed({ month: Type.String({ maxLength: 7, examples: ['2025-03'] }), ...groupMembers }), { maxItems: 10000, description: 'One per month of creation (UTC), oldest first; months without a published group are absent' })
}, { description: 'Scored reports per month of creation' }))
