import { Type, type Static } from 'typebox'
import { Closed, CountryCodeSchema, DateFilter, UuidSchema } from '../../schemas/common.ts'
import { ChargeCategorySchema, MechanismSchema, ProfileSchema, RedNoticeStatusSchema, ScoreBandSchema } from '../../schemas/vocabularies.ts'
import { CursorSchema, LimitSchema } from '../pagination.ts'

/** The list's filters and order, shared by the list and the export (which streams everything, so no page). */
const filters = {
  sort: Type.Optional(Type.String({ enum: ['createdAt', '-createdAt', '-score'], maxLength: 10, description: 'Order: `-createdAt` (newest first, the default), `createdAt`, or `-score` (highest current score first; unscored last)' })),
  band: Type.Optional(ScoreBandSchema),
  minScore: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, description: 'Current score at least this' })),
  maxScore: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, description: 'Current score at most this' })),
  indicator: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{1,80}$', maxLength: 80, description: 'Has this indicator in its current score (an id from GET /v1/indicators)' })),
  profile: Type.Optional(ProfileSchema),
  chargeCategory: Type.Optional(ChargeCategorySchema),
  requestingCountry: Type.Optional(CountryCodeSchema),
  mechanism: Type.Optional(MechanismSchema),
  status: Type.Optional(RedNoticeStatusSchema),
  subjectId: Type.Optional(UuidSchema),
  createdFrom: Type.Optional(DateFilter('Only reports created at or after this instant, or on or after this day.', '2025-01-01')),
  createdTo: Type.Optional(DateFilter('Only reports created before this instant, or on or before this day.', '2025-01-31'))
}

export const RedNoticeListQuerySchema = Closed({
  limit: Type.Optional(LimitSchema),
  cursor: Type.Optional(CursorSchema),
  ...filters
})
export type RedNoticeListQuery = Static<typeof RedNoticeListQuerySchema>

export const RedNoticeExportQuerySchema = Closed(filters)
export type RedNoticeFilterQuery = Static<typeof RedNoticeExportQuerySchema>
