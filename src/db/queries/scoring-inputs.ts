import { sql } from 'drizzle-orm'
import type { Transaction } from '../context.ts'
import { revisionKeys, rowsOf, textArray, type ReportKind, type ReportRevisionKey } from './sql-helpers.ts'

/** One stored revision to score: its non-identifying facts (jsonb as stored) and who it belongs to. */
export interface StoredRevision {
  kind: ReportKind
  reportId: string
  revision: number
  partnerId: string
  /** Red notices only: the pseudonymous person the report is about. */
  subjectId: string | null
  facts: Record<string, unknown>
}

/**
 * The requested revisions of a batch, in two queries at most. Only `facts` is read: identities stay
 * ciphertext in columns this never selects, so the scorer cannot decrypt or leak them.
 */
export async function loadRevisions (tx: Transaction, keys: readonly ReportRevisionKey[]): Promise<StoredRevision[]> {
  const out: StoredRevision[] = []
  const redNotices = keys.filter((k) => k.kind === 'red_notice')
  const assurances = keys.filter((k) => k.kind === 'assurance')
  if (redNotices.length > 0) {
    const rows = rowsOf<{ report_id: string, revision: number, partner_id: string, subject_id: string, facts: Record<string, unknown> }>(await tx.execute(sql`
      select r.report_id, r.revision, r.partner_id, n.subject_id, r.facts
      from ${revisionKeys(redNotices)} as j(kind, id, rev)
      join red_notice_revisions r on r.report_id = j.id and r.revision = j.rev
      join red_notices n on n.id = r.report_id`))
    for (const r of rows) out.push({ kind: 'red_notice', reportId: r.report_id, revision: r.revision, partnerId: r.partner_id, subjectId: r.subject_id, facts: r.facts })
  }
  if (assurances.length > 0) {
    const rows = rowsOf<{ report_id: string, revision: number, partner_id: string, facts: Record<string, unknown> }>(await tx.execute(sql`
      select r.report_id, r.revision, r.partner_id, r.facts
      from ${revisionKeys(assurances)} as j(kind, id, rev)
      join assurance_revisions r on r.report_id = j.id and r.revision = j.rev`))
    for (const r of rows) out.push({ kind: 'assurance', reportId: r.report_id, revision: r.revision, partnerId: r.partner_id, subjectId: null, facts: r.facts })
  }
  return out
}

/** A red notice as other reports see it: its current facts. */
export interface LinkedReport { id: string, subjectId: string, facts: Record<string, unknown> }

export interface LinkedReports {
  /** Reports about these subjects (the reports of the batch themselves included; callers drop them). */
  bySubject: LinkedReport[]
  /** Reports named in the batch's linkedReportIds, and reports naming a report of the batch in theirs. */
  relatives: LinkedReport[]
}

/**
 * Everything other reports can tell about a batch of red notices, in two queries. Withdrawn reports are
 * left out: a partner withdrawing a report takes back what it asserted, including for other cases.
 */
export async function loadLinkedReports (tx: Transaction, input: { subjectIds: string[], reportIds: string[], linkedIds: string[] }): Promise<LinkedReports> {
  if (input.reportIds.length === 0) return { bySubject: [], relatives: [] }
  type Row = { id: string, subject_id: string, facts: Record<string, unknown> }
  const bySubject = rowsOf<Row>(await tx.execute(sql`
    select id, subject_id, facts from red_notices
    where subject_id = any(${textArray(input.subjectIds)}::uuid[]) and withdrawn_at is null`))
  // Two index lookups rather than one OR over the jsonb: see red_notice_links in schema.ts.
  const relatives = rowsOf<Row>(await tx.execute(sql`
    select id, subject_id, facts from red_notices
    where id = any(${textArray(input.linkedIds)}::uuid[]) and withdrawn_at is null
    union all
    select n.id, n.subject_id, n.facts from red_notice_links l join red_notices n on n.id = l.report_id
    where l.linked_report_id = any(${textArray(input.reportIds)}::uuid[]) and n.withdrawn_at is null`))
  const map = (r: Row): LinkedReport => ({ id: r.id, subjectId: r.subject_id, facts: r.facts })
  // A report both named and naming appears twice: once per report is what the counts need.
  return { bySubject: bySubject.map(map), relatives: [...new Map(relatives.map((r) => [r.id, map(r)])).values()] }
}

/**
 * The current revisions of the reports whose scoring context includes this one: the same subject, the reports
 * it names and the reports naming it. Read in the system context: the linked reports may be other partners'.
 */
export async function reportsLinkedTo (tx: Transaction, report: { id: string, subjectId: string, linkedIds: readonly string[] }, limit = 200): Promise<Array<{ id: string, revision: number }>> {
  return rowsOf<{ id: string, revision: number }>(await tx.execute(sql`
    select id, revision from red_notices where subject_id = ${report.subjectId}::uuid and id <> ${report.id}::uuid
    union
    select id, revision from red_notices where id = any(${textArray([...report.linkedIds])}::uuid[]) and id <> ${report.id}::uuid
    union
    select n.id, n.revision from red_notice_links l join red_notices n on n.id = l.report_id
    where l.linked_report_id = ${report.id}::uuid and n.id <> ${report.id}::uuid
    limit ${limit}`))
}
