import { sql } from 'drizzle-orm'
import type { CountryContext } from '../../domain/index.ts'
import type { Database } from '../client.ts'
import type { Transaction } from '../context.ts'
import { rowsOf, textArray, type ReportKind, type ReportRevisionKey } from './sql-helpers.ts'

/** One stored revision to score: its non-identifying facts (jsonb as stored) and who it belongs to. */
export interface StoredRevision {
  kind: ReportKind
  reportId: string
  revision: number
  partnerId: string
  /** Red notices only: the pseudonymous person the report is about. */
  subjectId: string | null
  /** Red notices only: the secretariat confirmed the report on its current subject. */
  confirmed: boolean
  facts: Record<string, unknown>
}

/** A red notice as other reports see it: its current facts. */
/** `confirmed`: the secretariat confirmed it on its subject (same-subject reports only; false for relatives). */
export interface LinkedReport { id: string, subjectId: string, partnerId: string, confirmed: boolean, facts: Record<string, unknown> }

export interface LinkedReports {
  /** Reports about these subjects (the reports of the batch themselves included; callers drop them). */
  bySubject: LinkedReport[]
  /** Reports named in the batch's linkedReportIds, and reports naming a report of the batch in theirs. */
  relatives: LinkedReport[]
}

/** Everything the pure rules need to score a batch. */
export interface ScoringInputs {
  revisions: StoredRevision[]
  /** The stored contexts of the countries the revisions name, by code (codes absent from the table are absent). */
  countries: Map<string, CountryContext>
  /** What other reports tell about the batch's red notices; withdrawn reports are left out. */
  linked: LinkedReports
}

/**
 * The requested revisions of a batch, the countries they name and their linked red notices, in one
 * statement (`scoring_inputs`, migration 0016), in the system context. Only `facts` is read: identities
 * stay ciphertext in columns this never selects, so the scorer cannot decrypt or leak them.
 */
export async function loadScoringInputs (db: Database | Transaction, keys: readonly ReportRevisionKey[]): Promise<ScoringInputs> {
  if (keys.length === 0) return { revisions: [], countries: new Map(), linked: { bySubject: [], relatives: [] } }
  type Row = { id: string, subject_id: string, partner_id: string, confirmed?: boolean, facts: Record<string, unknown> }
  const param = JSON.stringify(keys.map((k) => ({ kind: k.kind, report_id: k.reportId, revision: k.revision })))
  const [first] = rowsOf<{ inputs: unknown }>(await db.execute(sql`select scoring_inputs(${param}::jsonb) as inputs`))
  // node-postgres parses jsonb; keep working should a driver hand it back as text.
  const inputs = (typeof first?.inputs === 'string' ? JSON.parse(first.inputs) : first?.inputs) as {
    revisions: Array<{ kind: ReportKind, report_id: string, revision: number, partner_id: string, subject_id: string | null, confirmed?: boolean, facts: Record<string, unknown> }>
    countries: CountryContext[]
    bySubject: Row[]
    relatives: Row[]
  } | undefined
  if (inputs === undefined) throw new Error('scoring_inputs returned nothing')
  const map = (r: Row): LinkedReport => ({ id: r.id, subjectId: r.subject_id, partnerId: r.partner_id, confirmed: r.confirmed === true, facts: r.facts })
  return {
    revisions: inputs.revisions.map((r) => ({ kind: r.kind, reportId: r.report_id, revision: r.revision, partnerId: r.partner_id, subjectId: r.subject_id, confirmed: r.confirmed === true, facts: r.facts })),
    countries: new Map(inputs.countries.map((c) => [c.code, c])),
    linked: {
      bySubject: inputs.bySubject.map(map),
      // A report both named and naming appears twice: once per report is what the counts need.
      relatives: [...new Map(inputs.relatives.map((r) => [r.id, map(r)])).values()]
    }
  }
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
