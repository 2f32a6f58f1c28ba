import { Type, type Static } from 'typebox'
import { Closed, CountryCodeSchema, TimestampSchema, UuidSchema } from '../../schemas/common.ts'
import { MechanismSchema, RedNoticeStatusSchema } from '../../schemas/vocabularies.ts'
import { CursorSchema, LimitSchema } from '../pagination.ts'

export const RedNoticeListQuerySchema = Closed({
  limit: Type.Optional(LimitSchema),
  cursor: Type.Optional(CursorSchema),
  sort: Type.Optional(Type.String({ enum: ['createdAt', '-createdAt'], maxLength: 10, description: 'Order; newest first by default' })),
  requestingCountry: Type.Optional(CountryCodeSchema),
  mechanism: Type.Optional(MechanismSchema),
  status: Type.Optional(RedNoticeStatusSchema),
  subjectId: Type.Optional(UuidSchema),
  createdFrom: Type.Optional(TimestampSchema),
  createdTo: Type.Optional(TimestampSchema)
})
export type RedNoticeListQuery = Static<typeof RedNoticeListQuerySchema>
