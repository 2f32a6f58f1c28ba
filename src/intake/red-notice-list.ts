import { eq, gte, lt, type SQL } from 'drizzle-orm'
import { withContext } from '../db/context.ts'
import { recordAudit } from '../db/queries/audit.ts'
import { listRedNotices } from '../db/queries/red-notices.ts'
import { redNotices } from '../db/schema.ts'
import { decodeCursor, page, queryTimestamp } from '../routes/pagination.ts'
import type { RedNoticeListQuery } from '../routes/v1/red-notice-query.ts'
import { redNoticeViews, seesIdentities } from './red-notice-views.ts'
import { auditActor, contextFor, type Actor, type IntakeDeps } from './types.ts'

export async function listRedNoticePage (deps: IntakeDeps, actor: Actor, query: RedNoticeListQuery) {
  const limit = query.limit ?? 50
  const order = query.sort === 'createdAt' ? 'createdAt' : '-createdAt'
  const cursor = decodeCursor(query.cursor, { createdAt: 'timestamp', id: 'uuid' })
  const createdFrom = queryTimestamp(query.createdFrom, 'createdFrom')
  const createdTo = queryTimestamp(query.createdTo, 'createdTo')
  const conditions: SQL[] = []
  // Row-level security limits reporters to their own rows already; saying so here keeps the plan simple.
  if (actor.role === 'reporter') conditions.push(eq(redNotices.partnerId, actor.partnerId))
  if (query.requestingCountry !== undefined) conditions.push(eq(redNotices.requestingCountry, query.requestingCountry))
  if (query.mechanism !== undefined) conditions.push(eq(redNotices.mechanism, query.mechanism))
  if (query.status !== undefined) conditions.push(eq(redNotices.status, query.status))
  if (query.subjectId !== undefined) conditions.push(eq(redNotices.subjectId, query.subjectId))
  if (createdFrom !== undefined) conditions.push(gte(redNotices.createdAt, createdFrom))
  if (createdTo !== undefined) conditions.push(lt(redNotices.createdAt, createdTo))
  return await withContext(deps.db, contextFor(actor), async (tx) => {
    const rows = await listRedNotices(tx, {
      conditions,
      order,
      limit: limit + 1,
      after: cursor === undefined ? undefined : { createdAt: new Date(cursor.createdAt), id: cursor.id }
    })
    const result = page(rows, limit, (last) => ({ createdAt: last.createdAt.toISOString(), id: last.id }))
    const items = await redNoticeViews(tx, deps, actor, result.items)
    await recordAudit(tx, result.items.map((row) => ({
      ...auditActor(actor), action: 'red_notice.read', targetKind: 'red_notice', targetId: row.id, details: { revision: row.revision, identities: seesIdentities(actor, row), via: 'list' }
    })))
    return { items, nextCursor: result.nextCursor }
  })
}
