import { and, asc, desc, eq, getTableColumns, sql, type SQL } from 'drizzle-orm'
import type { Database } from '../client.ts'
import type { DbContext, Transaction } from '../context.ts'
import { redNoticeFacets, redNoticeRevisions, redNotices } from '../schema.ts'
import { rowsOf } from './sql-helpers.ts'

export type RedNoticeRow = typeof redNotices.$inferSelect
export type RedNoticeRevisionRow = typeof redNoticeRevisions.$inferSelect

/** Row-level security decides visibility: another partner's report is simply not found. */
export async function findRedNotice (tx: Transaction, id: string, options: { forUpdate?: boolean } = {}): Promise<RedNoticeRow | null> {
  const query = tx.select().from(redNotices).where(eq(redNotices.id, id))
  const [row] = options.forUpdate === true ? await query.for('update') : await query
  return row ?? null
}

export async function updateRedNotice (tx: Transaction, id: string, values: Partial<typeof redNotices.$inferInsert>): Promise<RedNoticeRow> {
  const [row] = await tx.update(redNotices).set({ ...values, updatedAt: new Date() }).where(eq(redNotices.id, id)).returning()
  if (row === undefined) throw new Error('red notice update returned nothing')
  return row
}

export async function insertRedNoticeRevision (tx: Transaction, revision: typeof redNoticeRevisions.$inferInsert): Promise<void> {
  await tx.insert(redNoticeRevisions).values(revision)
}

export async function listRedNoticeRevisions (tx: Transaction, reportId: string): Promise<RedNoticeRevisionRow[]> {
  return await tx.select().from(redNoticeRevisions).where(eq(redNoticeRevisions.reportId, reportId)).orderBy(asc(redNoticeRevisions.revision))
}

export async function findRedNoticeRevision (tx: Transaction, reportId: string, revision: number): Promise<RedNoticeRevisionRow | null> {
  const [row] = await tx.select().from(redNoticeRevisions).where(and(eq(redNoticeRevisions.reportId, reportId), eq(redNoticeRevisions.revision, revision)))
  return row ?? null
}

/** Erasure: the data key and every revision's ciphertext go; the facts stay for statistics. */
export async function eraseRedNoticeIdentities (tx: Transaction, id: string): Promise<number> {
  await tx.update(redNotices).set({ wrappedKey: null, identity: null, erasedAt: new Date(), updatedAt: new Date() }).where(eq(redNotices.id, id))
  const revisions = await tx.update(redNoticeRevisions).set({ identity: null }).where(eq(redNoticeRevisions.reportId, id)).returning({ revision: redNoticeRevisions.revision })
  return revisions.length
}

export type RedNoticeOrder = 'createdAt' | '-createdAt' | '-score'

export type FacetKind = typeof redNoticeFacets.$inferSelect['kind']

/** One value of a report's current indicators, profiles or charge categories (a row of red_notice_facets). */
export interface Facet { kind: FacetKind, value: string }

export interface RedNoticeListFilter {
  conditions: SQL[]
  order: RedNoticeOrder
  /**
   * Only reports with this facet, read through red_notice_facets in the list's order: its indexes hold the
   * facet with the sort key, so a page costs a page of index entries however rare or common the value.
   */
  facet?: Facet
  /** Keyset position: rows strictly after this one in the chosen order. */
  after?: { createdAt: Date, id: string } | { score: number, id: string }
  limit: number
}

/** Unscored reports sort after every scored one in the -score order. */
export const scoreSortKey = sql<number>`coalesce(${redNotices.currentScore}, -1)`

/** Sort keys: the report's own, or its facet row's copies of them (equal, kept by the triggers of 0008). */
function sortKeys (facet: boolean) {
  return facet
    ? { score: sql`${redNoticeFacets.scoreKey}`, createdAt: redNoticeFacets.createdAt, id: redNoticeFacets.reportId }
    : { score: scoreSortKey, createdAt: redNotices.createdAt, id: redNotices.id }
}

export async function listRedNotices (tx: Transaction, filter: RedNoticeListFilter): Promise<RedNoticeRow[]> {
  const conditions = [...filter.conditions]
  const after = filter.after
  const keys = sortKeys(filter.facet !== undefined)
  let order: SQL[]
  if (filter.order === '-score') {
    if (after !== undefined && 'score' in after) {
      // Row comparisons rather than the equivalent ORs: PostgreSQL can use them as index conditions, which
      // makes each later page cheaper (an export pages through every report).
      conditions.push(sql`(${keys.score}, ${keys.id}) < (${after.score}::integer, ${after.id}::uuid)`)
    }
    order = [desc(keys.score), desc(keys.id)]
  } else {
    const ascending = filter.order === 'createdAt'
    if (after !== undefined && 'createdAt' in after) {
      // Rows carry millisecond timestamps set by the application, so the cursor's Date compares exactly.
      const position = sql`(${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)`
      conditions.push(ascending ? sql`(${keys.createdAt}, ${keys.id}) > ${position}` : sql`(${keys.createdAt}, ${keys.id}) < ${position}`)
    }
    order = ascending ? [asc(keys.createdAt), asc(keys.id)] : [desc(keys.createdAt), desc(keys.id)]
  }
  if (filter.facet === undefined) {
    return await tx.select().from(redNotices).where(and(...conditions)).orderBy(...order).limit(filter.limit)
  }
  return await tx.select(getTableColumns(redNotices)).from(redNoticeFacets)
    .innerJoin(redNotices, eq(redNotices.id, redNoticeFacets.reportId))
    .where(and(eq(redNoticeFacets.kind, filter.facet.kind), eq(redNoticeFacets.value, filter.facet.value), ...conditions))
    .orderBy(...order).limit(filter.limit)
}

export type FilingResult =
  | { status: 'created', subjectId: string, matched: boolean, otherReports: number }
  | { status: 'replay', resourceId: string }
  | { status: 'in_progress' }
  | { status: 'body_mismatch' }

export interface Filing {
  context: DbContext
  report: RedNoticeRow
  /** Blind indexes of the subject; keyed hashes only. */
  indexes: readonly string[]
  idempotency?: { key: string, route: string, requestHash: string }
  audit: { actorPartnerId: string, actorKeyId: string, requestId: string, action: string, details: Record<string, unknown> }
}

/**
 * Files a new report in one statement (migration 0007's file_red_notice): the idempotency claim, subject
 * link, report, first revision, indexes and audit event, atomically and in one round trip. Run outside any
 * transaction: the statement is its own.
 */
export async function fileRedNotice (db: Database, filing: Filing): Promise<FilingResult> {
  const { report, audit } = filing
  const row = {
    id: report.id,
    partner_id: report.partnerId,
    subject_id: report.subjectId,
    mechanism: report.mechanism,
    requesting_country: report.requestingCountry,
    status: report.status,
    facts: report.facts,
    identity: report.identity,
    wrapped_key: report.wrappedKey,
    profiles: report.profiles,
    charge_categories: report.chargeCategories,
    created_at: report.createdAt.toISOString()
  }
  const auditRow = { actor_partner_id: audit.actorPartnerId, actor_key_id: audit.actorKeyId, request_id: audit.requestId, action: audit.action, details: audit.details }
  const result = await db.execute(sql`select file_red_notice(${filing.context.role}, ${filing.context.partnerId}::uuid, ${JSON.stringify(row)}::jsonb,
    ${sql.param([...filing.indexes])}::text[], ${filing.idempotency === undefined ? null : JSON.stringify(filing.idempotency)}::jsonb, ${JSON.stringify(auditRow)}::jsonb) as result`)
  const [first] = rowsOf<{ result: FilingResult | string }>(result)
  if (first === undefined) throw new Error('file_red_notice returned nothing')
  // node-postgres parses jsonb; keep working should a driver hand it back as text.
  return typeof first.result === 'string' ? JSON.parse(first.result) as FilingResult : first.result
}
