import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Type, type Static } from 'typebox'
import { permuteId, unpermuteId } from '../../crypto/index.ts'
import { withContext } from '../../db/context.ts'
import { listAudit } from '../../db/queries/audit.ts'
import { badRequest } from '../../errors.ts'
import { contextOf, principalOf } from '../../plugins/auth.ts'
import { Closed, DateFilter, Nullable, Page, ProblemSchema, Text, TimestampSchema, UuidSchema } from '../../schemas/common.ts'
import { CursorSchema, LimitSchema, decodeCursor, page, queryBefore, queryFrom } from '../pagination.ts'
import { named } from '../../schemas/named.ts'

const ACTION_DESCRIPTION = 'What happened, e.g. `partner.created`, `api_key.created`, `api_key.revoked`, `encryption_keys.rewrapped`'

const auditEventMembers = {
  occurredAt: TimestampSchema,
  actorPartnerId: Nullable(UuidSchema, { description: 'The partner whose key did it; null for the admin command line, the first start and background jobs.' }),
  actorKeyId: Nullable(UuidSchema, { description: 'The API key (its id, as the key listing shows it) that did it; null when no key was involved.' }),
  action: Text(100, { description: ACTION_DESCRIPTION, examples: ['api_key.created'] }),
  targetKind: Nullable(Text(100), { description: 'What kind of record was acted on, e.g. `partner`, `api_key`, `red_notice`.' }),
  targetId: Nullable(UuidSchema, { description: 'Which record was acted on.' }),
  requestId: Nullable(Text(200), { description: 'The API request that did it (the `instance` of its problems, the id in the logs).' }),
  details: Nullable(Type.Record(Type.String(), Type.Unknown()), {
    description: 'Ids, revisions, counts, field names and how the action came (`via`: `cli`, `first-start`). Never identities or keys.'
  })
}
const AuditEventSchema = named('AuditEvent', Closed({
  id: Type.Integer({ minimum: 1, description: 'Increases with every event; the list is ordered by it, newest first.', examples: [1042] }),
  ...auditEventMembers
}, { description: 'One audited action: who did what to which record, when.' }))
/**
 * A partner's own events carry a number that is unique and stable but counts nothing: the service's sequence
 * would tell the partner how many events anyone else caused between two of its own, a pending cross-partner
 * match included (docs/disclosure-policy.md §1).
 */
const OwnAuditEventSchema = named('OwnAuditEvent', Closed({
  id: Type.Integer({
    minimum: 1,
    description: 'Identifies the event for your partner, always the same number; not ordered and not a count (the list is newest first).',
    examples: [2001216491825928]
  }),
  ...auditEventMembers
}, { description: 'One audited action that concerns your partner: who did what to which record, when.' }))

const QuerySchema = Closed({
  action: Type.Optional(Text(100, { pattern: '^[a-z][a-z0-9_.]{0,99}$', description: `Only this action. ${ACTION_DESCRIPTION}`, examples: ['api_key.created'] })),
  targetId: Type.Optional(UuidSchema),
  actorPartnerId: Type.Optional(UuidSchema),
  actorKeyId: Type.Optional(UuidSchema),
  from: Type.Optional(DateFilter('Only events at or after this instant, or on or after this day.', '2026-01-01T00:00:00Z')),
  to: Type.Optional(DateFilter('Only events at or before this instant, or on or before this day.', '2026-01-31')),
  limit: Type.Optional(LimitSchema),
  cursor: Type.Optional(CursorSchema)
})

const Errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema }

export const auditEventRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps.database
  const { secrets } = app.deps

  const list = (concerningOwnPartner: boolean) => async (request: FastifyRequest<{ Querystring: Static<typeof QuerySchema> }>) => {
    const { limit = 50, cursor, from, to, ...filters } = request.query
    const fromDate = queryFrom(from, 'from')
    const before = queryBefore(to, 'to', 'inclusive')
    // listAudit's `to` is inclusive to the millisecond.
    const toDate = before === undefined ? undefined : new Date(before.getTime() - 1)
    if (fromDate !== undefined && toDate !== undefined && fromDate > toDate) {
      throw badRequest('`from` is after `to`', [{ pointer: '/from', message: 'must not be after to' }])
    }
    const concerning = concerningOwnPartner ? principalOf(request).partnerId : undefined
    // A partner's own list shows and pages by the permuted number (OwnAuditEventSchema), keyed to the partner.
    const shown = (id: number): number => (concerning === undefined ? id : permuteId(secrets.blindIndexKey, concerning, id))
    const cursorId = decodeCursor(cursor, { id: 'integer' })?.id
    const beforeId = cursorId === undefined ? undefined : concerning === undefined ? Number(cursorId) : unpermuteId(secrets.blindIndexKey, concerning, Number(cursorId))
    if (beforeId === null) throw badRequest('The cursor is not one this service issued', [{ pointer: '/cursor', message: 'is malformed' }])
    const rows = await withContext(db, contextOf(request), (tx) => listAudit(tx, { ...filters, from: fromDate, to: toDate, before: beforeId, concerning, limit: limit + 1 }))
    const result = page(rows, limit, (last) => ({ id: shown(last.id) }))
    return {
      items: result.items.map((event) => ({
        id: shown(event.id),
        occurredAt: event.occurredAt.toISOString(),
        actorPartnerId: event.actorPartnerId,
        actorKeyId: event.actorKeyId,
        action: event.action,
        targetKind: event.targetKind,
        targetId: event.targetId,
        requestId: event.requestId,
        details: event.details as Record<string, unknown> | null
      })),
      nextCursor: result.nextCursor
    }
  }

  app.get('/audit-events', {
    config: { roles: ['admin'] },
    schema: {
      tags: ['Audit'],
      operationId: 'listAuditEvents',
      summary: 'List audit events, newest first',
      description: 'Who did what to which record, and when. Filters combine with AND. Events are append-only; identities never appear in them.',
      querystring: QuerySchema,
      response: { 200: Page(AuditEventSchema, 'A page of audit events, newest first.'), ...Errors }
    }
  }, list(false))

  app.get('/me/audit-events', {
    config: { roles: ['reporter', 'analyst', 'admin'] },
    schema: {
      tags: ['Audit'],
      operationId: 'listOwnAuditEvents',
      summary: 'The audit events that concern your partner, newest first',
      description: 'What your keys did (every read of your identities is one: only your reporter keys can read them), and what anyone, ' +
        'the secretariat included, did to your keys, your reports or your partner: keys issued or revoked, reads, erasures, confirmed ' +
        'matches, probing alerts. Nothing the secretariat does to your data is silent (docs/security-admin.md).',
      querystring: QuerySchema,
      response: { 200: Page(OwnAuditEventSchema, 'A page of audit events, newest first.'), ...Errors }
    }
  }, list(true))
}
