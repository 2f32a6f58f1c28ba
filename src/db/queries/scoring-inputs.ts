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
  /**
   * Red notices of the batch → their partner's other reports (not withdrawn) that share a blind index with them,
   * whatever their subject (docs/disclosure-policy.md §1): what the partner could work out from its own data.
   */
  ownMatches: Map<string, LinkedReport[]>
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
  if (keys.length === 0) return { revisions: [], countries: new Map(), linked: { bySubject: [], relatives: [], ownMatches: new Map() } }
  type Row = { id: string, subject_id: string, partner_id: string, confirmed?: boolean, facts: Record<string, unknown> }
  const param = JSON.stringify(keys.map((k) => ({ kind: k.kind, report_id: k.reportId, revision: k.revision })))
  const [first] = rowsOf<{ inputs: unknown }>(await db.execute(sql`select scoring_inputs(${param}::jsonb) as inputs`))
  // node-postgres parses jsonb; keep working should a driver hand it back as text.
  const inputs = (typeof first?.inputs === 'string' ? JSON.parse(first.inputs) : first?.inputs) as {
    revisions: Array<{ kind: ReportKind, report_id: string, revision: number, partner_id: string, subject_id: string | null, confirmed?: boolean, facts: Record<string, unknown> }>
    countries: CountryContext[]
    bySubject: Row[]
    relatives: Row[]
    ownMatches: Array<Row & { of: string }>
  } | undefined
  if (inputs === undefined) throw new Error('scoring_inputs returned nothing')
  const map = (r: Row): LinkedReport => ({ id: r.id, subjectId: r.subject_id, partnerId: r.partner_id, confirmed: r.confirmed === true, facts: r.facts })
  return {
    revisions: inputs.revisions.map((r) => ({ kind: r.kind, reportId: r.report_id, revision: r.revision, partnerId: r.partner_id, subjectId: r.subject_id, confirmed: r.confirmed === true, facts: r.facts })),
    countries: new Map(inputs.countries.map((c) => [c.code, c])),
    linked: {
      bySubject: inputs.bySubject.map(map),
      // A report both named and naming appears twice: once per report is what the counts need.
      relatives: [...new Map(inputs.relatives.map((r) => [r.id, map(r)])).values()],
      ownMatches: groupOwnMatches(inputs.ownMatches.map((r) => ({ of: r.of, report: map(r) })))
    }
  }
}

function groupOwnMatches (pairs: ReadonlyArray<{ of: string, report: LinkedReport }>): Map<string, LinkedReport[]> {
  const out = new Map<string, LinkedReport[]>()
  for (const { of, report } of pairs) {
    const list = out.get(of)
    if (list === undefined) out.set(of, [report])
    else list.push(report)
  }
  return out
}

/**
 * The current revisions of the reports whose score a change of this one can move (docs/disclosure-policy.md §3,
 * "Scores"): the reports it names, the reports naming it and its partner's reports sharing a blind index with it,
 * all of its own partner; and, when it was confirmed on a subject (`confirmedOn`), the reports confirmed there with
 * it: its partner's always, other partners' only when `otherPartners` (what they count of it, the kinds of
 * `summariseLinkedReports`, or its confirmation changed). Nothing else counts it, so nothing else is scored again:
 * another partner's report scored again on this one's change would tell that partner, through a stale score of its
 * own, that someone reported the same person (test/security/stale-score-probe.test.ts). Read in the system context:
 * the confirmed reports may be other partners'.
 */
export async function reportsLinkedTo (tx: Transaction, report: { id: string, partnerId: string, linkedIds: readonly string[], confirmedOn: string | null, otherPartners: boolean }, limit = 200): Promise<Array<{ id: string, revision: number }>> {
  return rowsOf<{ id: string, revision: number }>(await tx.execute(sql`
    select id, revision from red_notices
    where subject_id = ${report.confirmedOn}::uuid and confirmed_subject_id = subject_id and id <> ${report.id}::uuid
      and (partner_id = ${report.partnerId}::uuid or ${report.otherPartners}::boolean)
    union
    select id, revision from red_notices where id = any(${textArray([...report.linkedIds])}::uuid[]) and id <> ${report.id}::uuid and partner_id = ${report.partnerId}::uuid
    union
    select n.id, n.revision from red_notice_links l join red_notices n on n.id = l.report_id
    where l.linked_report_id = ${report.id}::uuid and n.id <> ${report.id}::uuid and n.partner_id = ${report.partnerId}::uuid
    union
    ${ownIndexMatchesQuery(report.id)}
    limit ${limit}`))
}

/**
 * The report's partner's other reports that share a blind index with its current indexes, whatever their subject
 * (scoring_inputs' ownMatches, migration 0037): they count this one in full, so they are scored again when it
 * changes. Call in the system context.
 */
export async function ownIndexMatches (tx: Transaction, reportId: string): Promise<Array<{ id: string, revision: number }>> {
  return rowsOf<{ id: string, revision: number }>(await tx.execute(ownIndexMatchesQuery(reportId)))
}

function ownIndexMatchesQuery (reportId: string) {
  return sql`select n.id, n.revision from red_notices n where n.id = any(array(
      select other.report_id from subject_indexes mine
      join subject_indexes other on other.index_value = mine.index_value and other.report_id <> mine.report_id
      where mine.report_id = ${reportId}::uuid))
    and n.partner_id = (select me.partner_id from red_notices me where me.id = ${reportId}::uuid)`
}

/** A rescoring run's chunk: its pending items and what the rules need to score them. */
export interface ChunkInputs { items: ReportRevisionKey[], inputs: ScoringInputs }

type RevisionRow = { report_id: string, revision: number, partner_id: string | null, subject_id: string | null, confirmed: boolean | null, facts: Record<string, unknown> | null }
type LinkedRow = { id: string, subject_id: string, partner_id: string, confirmed?: boolean, facts: Record<string, unknown> }

/**
 * loadScoringInputs for a rescoring run's chunk, with the same meaning, as plain rows of a few set-based
 * statements (the chunk's items are read by their id range, linked reports by arrays of ids; no list of keys
 * travels, and no document of thousands of reports is built as one jsonb). Two savings a chunk allows: all
 * countries are read (under 200 rows, fewer than a chunk names), and the reports on a subject are read only
 * for subjects with more than one report, since a report's own row is never its own linked report.
 * Only `facts` is read, never an identity column. Call in the system context.
 */
export async function loadRunChunkInputs (tx: Transaction, chunk: { runId: string, kind: ReportKind, from: string, through: string }): Promise<ChunkInputs> {
  const red = chunk.kind === 'red_notice'
  const rows = rowsOf<RevisionRow>(await tx.execute(red
    ? sql`
      select it.report_id, it.revision, r.partner_id, n.subject_id, n.confirmed_subject_id is not distinct from n.subject_id as confirmed, r.facts
      from rescoring_run_items it
      left join (red_notice_revisions r join red_notices n on n.id = r.report_id) on r.report_id = it.report_id and r.revision = it.revision
      where it.run_id = ${chunk.runId}::uuid and it.report_kind = 'red_notice' and it.state = 'pending'
        and it.report_id between ${chunk.from}::uuid and ${chunk.through}::uuid
      order by it.report_id`
    : sql`
      select it.report_id, it.revision, r.partner_id, null::uuid as subject_id, false as confirmed, r.facts
      from rescoring_run_items it
      left join assurance_revisions r on r.report_id = it.report_id and r.revision = it.revision
      where it.run_id = ${chunk.runId}::uuid and it.report_kind = 'assurance' and it.state = 'pending'
        and it.report_id between ${chunk.from}::uuid and ${chunk.through}::uuid
      order by it.report_id`))
  const items = rows.map((r): ReportRevisionKey => ({ kind: chunk.kind, reportId: r.report_id, revision: r.revision }))
  const revisions = rows.filter((r) => r.facts !== null && r.partner_id !== null).map((r): StoredRevision => ({
    kind: chunk.kind, reportId: r.report_id, revision: r.revision, partnerId: r.partner_id!, subjectId: r.subject_id, confirmed: r.confirmed === true, facts: r.facts!
  }))
  // Built as scoring_inputs builds them (migration 0024), so dates and numbers reach the rules as the same JSON.
  const countries = new Map(rowsOf<{ c: CountryContext }>(await tx.execute(sql`
    select jsonb_build_object(
      'code', c.code, 'name', c.name, 'echrParty', c.echr_party, 'echrLeftOn', c.echr_left_on,
      'catParty', c.cat_party, 'opcatParty', c.opcat_party, 'freedomScore', c.freedom_score,
      'freedomStatus', c.freedom_status, 'freedomYear', c.freedom_year, 'freedomEdition', c.freedom_edition,
      'interpolRestrictions', c.interpol_restrictions, 'systematicTorture', c.systematic_torture,
      'abuseRecord', c.abuse_record, 'notes', c.notes, 'sources', c.sources) as c
    from countries c`)).map(({ c }) => [c.code, c]))
  if (!red || revisions.length === 0) return { items, inputs: { revisions, countries, linked: { bySubject: [], relatives: [], ownMatches: new Map() } } }
  const uuids = (ids: Iterable<string>): string => `{${[...new Set(ids)].filter((id) => UUID.test(id)).join(',')}}`
  const bySubject = rowsOf<LinkedRow>(await tx.execute(sql`
    select n.id, n.subject_id, n.partner_id, n.confirmed_subject_id is not distinct from n.subject_id as confirmed, n.facts
    from red_notices n
    where n.withdrawn_at is null and n.subject_id = any(array(
      select s.subject_id from red_notices s where s.subject_id = any(${uuids(revisions.map((r) => r.subjectId!))}::uuid[])
      group by s.subject_id having count(*) > 1))`))
  const named = revisions.flatMap((r) => linkedIdsOf(r.facts))
  const relatives = rowsOf<LinkedRow>(await tx.execute(sql`
    select n.id, n.subject_id, n.partner_id, n.facts from red_notices n
    where n.withdrawn_at is null and n.id = any(${uuids(named)}::uuid[])
    union all
    select n.id, n.subject_id, n.partner_id, n.facts from red_notice_links l join red_notices n on n.id = l.report_id
    where n.withdrawn_at is null and l.linked_report_id = any(${uuids(revisions.map((r) => r.reportId))}::uuid[])`))
  // scoring_inputs' ownMatches (migration 0037): the partner's reports sharing a blind index with each item. The
  // items' index values first (by the primary key), then one look-up of each value in subject_indexes_value_idx,
  // which holds the report id (index only): 37-49 ms a chunk of 2,000 at a million reports.
  const itemIds = uuids(revisions.map((r) => r.reportId))
  const partnerOf = new Map(revisions.map((r) => [r.reportId, r.partnerId]))
  // Only the chunk's partners' reports are read (their facts are what the scorer uses); each pair is then kept only
  // where both reports are one partner's.
  const partners = uuids(revisions.map((r) => r.partnerId))
  const ownMatches = rowsOf<LinkedRow & { of: string }>(await tx.execute(sql`
    with mine as materialized (select report_id, index_value from subject_indexes where report_id = any(${itemIds}::uuid[])),
    pairs as materialized (
      select distinct m.report_id as of, other.report_id as id
      from mine m join subject_indexes other on other.index_value = m.index_value and other.report_id <> m.report_id)
    select p.of, n.id, n.subject_id, n.partner_id, n.confirmed_subject_id is not distinct from n.subject_id as confirmed, n.facts
    from pairs p join red_notices n on n.id = p.id and n.withdrawn_at is null and n.partner_id = any(${partners}::uuid[])
    where n.id = any(array(select id from pairs))`)).filter((r) => r.partner_id === partnerOf.get(r.of))
  const map = (r: LinkedRow): LinkedReport => ({ id: r.id, subjectId: r.subject_id, partnerId: r.partner_id, confirmed: r.confirmed === true, facts: r.facts })
  return {
    items,
    inputs: {
      revisions,
      countries,
      // A report both named and naming appears twice: once per report is what the counts need.
      linked: {
        bySubject: bySubject.map(map),
        relatives: [...new Map(relatives.map((r) => [r.id, map(r)])).values()],
        ownMatches: groupOwnMatches(ownMatches.map((r) => ({ of: r.of, report: map(r) })))
      }
    }
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function linkedIdsOf (facts: Record<string, unknown>): string[] {
  const ids = facts.linkedReportIds
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : []
}
