import { Type, type Static } from 'typebox'
import { Closed, CountryCodeSchema, DateFilter, UuidSchema } from '../../schemas/common.ts'
import { ScoreBandSchema } from '../../schemas/vocabularies.ts'
import { CursorSchema, LimitSchema } from '../pagination.ts'

/** The assurance list's filters and order, shared by the list and the export (which streams everything, so no page). */
const filters = {
  sort: Type.Optional(Type.String({ enum: ['createdAt', '-createdAt', '-score'], maxLength: 10, description: 'Order: `-createdAt` (newest first, the default), `createdAt`, or `-score` (highest current score first; unscored last)' })),
  givingState: Type.Optional(CountryCodeSchema),
  receivingState: Type.Optional(CountryCodeSchema),
  redNoticeId: Type.Optional(UuidSchema),
  band: Type.Optional(ScoreBandSchema),
  minScore: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, description: 'Current score at least this' })),
  maxScore: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, description: 'Current score at most this' })),
  createdFrom: Type.Optional(DateFilter('Only assurances reported at or after this instant, or on or after this day.', '2025-01-01')),
  createdTo: Type.Optional(DateFilter('Only assurances reported before this instant, or on or before this day.', '2025-01-31'))
}

export const AssuranceListQuerySchema = Closed({ limit: Type.Optional(LimitSchema), cursor: Type.Optional(CursorSchema), ...filters })

export const ExportFormatSchema = Type.Optional(Type.String({ enum: ['csv', 'ndjson'], maxLength: 6, description: 'The export format, instead of Accept (for a browser link): `csv` or `ndjson`' }))

export const AssuranceExportQuerySchema = Closed({ ...filters, format: ExportFormatSchema })
export type AssuranceExportQuery = Static<typeof AssuranceExportQuerySchema>
