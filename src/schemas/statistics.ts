import { Type, type Static } from 'typebox'
import { Closed, CountryCodeSchema, TimestampSchema, Nullable } from './common.ts'
import { MechanismSchema, ScoreBandSchema } from './vocabularies.ts'
import { named } from './named.ts'

const MonthSchema = (description: string) => Type.String({ pattern: '^[1-9][0-9]{3}-(0[1-9]|1[0-2])$', maxLength: 7, description, examples: ['2025-03'] })
const FORMAT = Type.Optional(Type.String({ enum: ['json', 'svg'], maxLength: 4, description: 'Answer as JSON (default) or as an SVG chart; the same as `Accept: image/svg+xml`' }))

const timeFilters = {
  createdFrom: Type.Optional(MonthSchema('First month (UTC) of creation, included. Only classes whose whole period lies inside the range count (docs/statistics.md).')),
  createdTo: Type.Optional(MonthSchema('Last month (UTC) of creation, included.'))
}

/**
 * The only filters statistics take: the dimensions of the release's classes (docs/statistics.md). Anything
 * else (subjectId, minScore, profile, status, free text...) is an unknown property, hence a 400 naming it.
 */
const filters = {
  requestingCountry: Type.Optional(CountryCodeSchema),
  band: Type.Optional(ScoreBandSchema),
  mechanism: Type.Optional({ ...MechanismSchema, description: 'Only classes split by mechanism count under a mechanism filter (docs/statistics.md)' }),
  indicator: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{1,80}$', maxLength: 80, description: 'Only reports whose current score has this indicator (an id from GET /v1/indicators)' })),
  ...timeFilters,
  format: FORMAT
}

export const StatisticsQuerySchema = Closed(filters)
export type StatisticsQuery = Static<typeof StatisticsQuerySchema>

const IntervalSchema = Type.Optional(Type.String({ enum: ['month', 'quarter', 'year'], maxLength: 7, default: 'month', description: 'Period of each group: `month`, `quarter` or `year`' }))

export const TimelineQuerySchema = Closed({ interval: IntervalSchema, ...filters })
export type TimelineQuery = Static<typeof TimelineQuerySchema>

const assuranceFilters = {
  givingState: Type.Optional({ ...CountryCodeSchema, description: 'The state that gave the assurance' }),
  receivingState: Type.Optional({ ...CountryCodeSchema, description: 'The state relying on it; only classes split by receiving state count under this filter' }),
  band: Type.Optional(ScoreBandSchema),
  ...timeFilters,
  format: FORMAT
}

export const AssuranceStatisticsQuerySchema = Closed({
  groupBy: Type.Optional(Type.String({ enum: ['givingState', 'receivingState'], maxLength: 14, default: 'givingState', description: 'Group by the giving state (default) or the receiving state' })),
  ...assuranceFilters
})
export type AssuranceStatisticsQuery = Static<typeof AssuranceStatisticsQuerySchema>

export const AssuranceTimelineQuerySchema = Closed({ interval: IntervalSchema, ...assuranceFilters })
export type AssuranceTimelineQuery = Static<typeof AssuranceTimelineQuerySchema>

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
  minGroupSize: Type.Integer({ minimum: 1, description: 'Classes below this many reports are left out whole' })
}

const withheld = Type.Array(Closed({
  requestingCountry: CountryCodeSchema,
  fewerThan: Type.Integer({ minimum: 1, description: 'The state has counted reports, fewer than this many in every release class: none is shown' })
}), { maxItems: 1000, description: 'States with reports none of whose classes is published. Listed only when nothing but the state is filtered.' })

export const CountryStatisticsSchema = named('CountryStatistics', Closed({
  ...release,
  groups: Type.Array(Closed({ requestingCountry: CountryCodeSchema, ...groupMembers }), { maxItems: 1000, description: 'One per requesting state, most reports first' }),
  withheld
}, { description: 'Scored reports per requesting state' }))

export const IndicatorStatisticsSchema = named('IndicatorStatistics', Closed({
  ...release,
  groups: Type.Array(Closed({ indicatorId: Type.String({ maxLength: 80 }), ...groupMembers }), { maxItems: 1000, description: 'One per indicator, most reports first' })
}, { description: 'Scored reports per indicator of their current score' }))

const timelineMembers = {
  interval: Type.String({ enum: ['month', 'quarter', 'year'], maxLength: 7 }),
  groups: Type.Array(Closed({
    period: Type.String({ maxLength: 7, description: '`YYYY-MM`, `YYYY-Qn` or `YYYY`', examples: ['2025-03', '2025-Q1', '2025'] }),
    month: Type.Optional(Type.String({ maxLength: 7, description: 'The same as period, for `interval=month` only', examples: ['2025-03'] })),
    ...groupMembers
  }), { maxItems: 10000, description: 'One per period of creation (UTC), oldest first; periods without a published class are absent' }),
  notPlaced: count('Reports of published classes whose period is coarser than the interval (e.g. a class covering a whole year in a monthly timeline), counted in no group')
}

export const TimelineStatisticsSchema = named('TimelineStatistics', Closed({ ...release, ...timelineMembers }, { description: 'Scored reports per period of creation' }))

export const AssuranceStatisticsSchema = named('AssuranceStatistics', Closed({
  ...release,
  groupBy: Type.String({ enum: ['givingState', 'receivingState'], maxLength: 14 }),
  groups: Type.Array(Closed({
    givingState: Type.Optional(CountryCodeSchema),
    receivingState: Type.Optional(CountryCodeSchema),
    ...groupMembers
  }), { maxItems: 1000, description: 'One per giving (or receiving) state, most assurances first' }),
  withheld: Type.Array(Closed({
    givingState: CountryCodeSchema,
    fewerThan: Type.Integer({ minimum: 1 })
  }), { maxItems: 1000, description: 'Giving states with assurances none of whose classes is published. Listed only when grouping by giving state with nothing but the giving state filtered.' })
}, { description: 'Scored assurances per giving or receiving state' }))

export const AssuranceTimelineSchema = named('AssuranceTimeline', Closed({ ...release, ...timelineMembers }, { description: 'Scored assurances per period of creation' }))
