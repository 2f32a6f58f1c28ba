import { Readable } from 'node:stream'
import { and, asc, eq, inArray, isNull } from 'drizzle-orm'
import { withContext, type Transaction } from '../db/context.ts'
import { recordAudit, type AuditEntry } from '../db/queries/audit.ts'
import { listRedNotices, type RedNoticeListFilter, type RedNoticeOrder, type RedNoticeRow } from '../db/queries/red-notices.ts'
import { scores } from '../db/schema.ts'
import { listIndicators } from '../domain/index.ts'
import type { RedNoticeFilterQuery } from '../routes/v1/red-notice-query.ts'
import { visibleSubjectId } from './disclosure.ts'
import { positionOf, redNoticeFilter } from './red-notice-list.ts'
import { auditActor, contextFor, type Actor, type IntakeDeps } from './types.ts'

export type ExportFormat = 'csv' | 'ndjson'

/** Rows per page: each page is its own short transaction, so memory and lock time stay flat however large the export. */
export const EXPORT_PAGE_SIZE = 1000

export const EXPORT_COLUMNS = [
  'id', 'subjectId', 'createdAt', 'requestingCountry', 'mechanism', 'status', 'profiles', 'chargeCategories', 'score', 'band', 'topIndicators',
  'topIndicatorTitles'
] as const

let titles: Map<string, string> | undefined
/** The indicator's title in the current catalogue (the id itself for an id no longer in it). */
export function indicatorTitle (id: string): string {
  titles ??= new Map(listIndicators().map((indicator) => [indicator.id, indicator.title]))
  return titles.get(id) ?? id
}

/** One exported report: the stored, non-identifying facts and the current score. Never identities. */
export interface ExportRow {
  id: string
  subjectId: string
  createdAt: string
  requestingCountry: string
  mechanism: string
  status: string | null
  profiles: string[]
  chargeCategories: string[]
  score: number | null
  band: string | null
  /** The (at most) three indicators of the current score with the most points, most first. */
  topIndicators: string[]
  /** Their titles, in the same order. */
  topIndicatorTitles: string[]
}

interface Contribution { indicatorId?: unknown, points?: unknown }

/** The top three indicators (by points) of each row's current score, read for a whole page at once. */
export async function topIndicatorsOf (tx: Transaction, rows: ReadonlyArray<{ id: string, revision: number, currentScore: number | null }>, kind: 'red_notice' | 'assurance' = 'red_notice'): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>()
  const scored = rows.filter((row) => row.currentScore !== null)
  if (scored.length === 0) return out
  const revisions = new Map(scored.map((row) => [row.id, row.revision]))
  const found = await tx.select({ reportId: scores.reportId, revision: scores.revision, contributions: scores.contributions }).from(scores)
    .where(and(eq(scores.reportKind, kind), isNull(scores.supersededAt), inArray(scores.reportId, [...revisions.keys()])))
    // The last score written wins, as in the trigger that keeps current_score.
    .orderBy(asc(scores.scoredAt))
  for (const score of found) {
    if (revisions.get(score.reportId) !== score.revision || !Array.isArray(score.contributions)) continue
    const points = new Map<string, number>()
    for (const c of score.contributions as Contribution[]) {
      if (typeof c.indicatorId !== 'string') continue
      points.set(c.indicatorId, (points.get(c.indicatorId) ?? 0) + (typeof c.points === 'number' ? c.points : 0))
    }
    out.set(score.reportId, [...points].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, 3).map(([id]) => id))
  }
  return out
}

/** `subjectId`: the id this reader is shown (visibleSubjectId): a reporter's export must not link its reports to others'. */
export function exportRow (row: RedNoticeRow, topIndicators: string[], subjectId: string = row.subjectId): ExportRow {
  return {
    id: row.id,
    subjectId,
    createdAt: row.createdAt.toISOString(),
    requestingCountry: row.requestingCountry,
    mechanism: row.mechanism,
    status: row.status,
    profiles: row.profiles,
    chargeCategories: row.chargeCategories,
    score: row.currentScore,
    band: row.currentBand,
    topIndicators: row.currentScore === null ? [] : topIndicators,
    topIndicatorTitles: row.currentScore === null ? [] : topIndicators.map(indicatorTitle)
  }
}

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote, CR or LF, quotes doubled. A cell that a
 * spreadsheet would read as a formula (starting with =, +, -, @, tab or CR) gets a leading apostrophe first
 * (OWASP "CSV injection"): today's columns are ids, dates, codes and vocabulary words that never start so,
 * but the guard keeps it true when a free-text column is added.
 */
export function csvField (value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

export function csvLine (fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`
}

function csvRecord (row: ExportRow): string {
  return csvLine([
    row.id, row.subjectId, row.createdAt, row.requestingCountry, row.mechanism, row.status ?? '', row.profiles.join(';'),
    row.chargeCategories.join(';'), row.score === null ? '' : String(row.score), row.band ?? '', row.topIndicators.join(';'),
    row.topIndicatorTitles.join(' | ')
  ])
}

function encode (format: ExportFormat, rows: readonly ExportRow[]): string {
  return rows.map((row) => (format === 'csv' ? csvRecord(row) : `${JSON.stringify(row)}\n`)).join('')
}

/**
 * Everything the list would return with these filters, pseudonymised for every role (the export never opens
 * an identity; reporters get only their own reports, like the list, but pseudonymised as well).
 *
 * The first page is read, and the one audit event written, in the same transaction before anything is sent:
 * an export whose audit event cannot be written fails with a proper error and discloses nothing. The row
 * count is unknown then, so the event records the filter names, order and format only. Later pages follow
 * the keyset, each in its own short transaction, pulled only as fast as the client reads (stream
 * backpressure). A failure after the first byte cuts the response off (the chunked body never ends), which
 * HTTP clients report as an incomplete transfer.
 */
export async function exportRedNotices (deps: IntakeDeps, actor: Actor, query: RedNoticeFilterQuery, format: ExportFormat): Promise<Readable> {
  // The query schema admits only these values.
  const order = (query.sort ?? '-createdAt') as RedNoticeOrder
  const filter = redNoticeFilter(actor, query)
  const filters = Object.keys(query).filter((name) => name !== 'sort' && query[name as keyof RedNoticeFilterQuery] !== undefined).sort()
  const readPage = async (tx: Transaction, after: RedNoticeListFilter['after']): Promise<ExportPage<RedNoticeRow>> => {
    const rows = await listRedNotices(tx, { ...filter, order, limit: EXPORT_PAGE_SIZE, after })
    const top = await topIndicatorsOf(tx, rows)
    return { text: encode(format, rows.map((row) => exportRow(row, top.get(row.id) ?? [], visibleSubjectId(deps.secrets, actor, row)))), last: rows.at(-1), full: rows.length === EXPORT_PAGE_SIZE }
  }
  return await streamExport(deps, actor, {
    audit: { action: 'red_notice.exported', targetKind: 'red_notice', details: { filters, order, format } },
    header: format === 'csv' ? csvLine(EXPORT_COLUMNS) : '',
    readPage,
    start: undefined,
    after: (last) => positionOf(order, last)
  })
}

export interface ExportPage<Row> { text: string, last: Row | undefined, full: boolean }

/**
 * The export's stream: the audit event and the first page in one transaction before anything is sent, then
 * each later page in a short transaction of its own, pulled as fast as the client reads.
 */
export async function streamExport<Row, After> (deps: IntakeDeps, actor: Actor, options: {
  audit: Pick<AuditEntry, 'action' | 'targetKind' | 'details'>
  header: string
  readPage: (tx: Transaction, after: After) => Promise<ExportPage<Row>>
  /** The position before the first row. */
  start: After
  after: (last: Row) => After
}): Promise<Readable> {
  const first = await withContext(deps.db, contextFor(actor), async (tx) => {
    await recordAudit(tx, { ...auditActor(actor), ...options.audit })
    return await options.readPage(tx, options.start)
  })
  async function * pages (): AsyncGenerator<string> {
    let page = first
    if (options.header + page.text !== '') yield options.header + page.text
    while (page.full && page.last !== undefined) {
      const after = options.after(page.last)
      page = await withContext(deps.db, contextFor(actor), (tx) => options.readPage(tx, after))
      if (page.text !== '') yield page.text
    }
  }
  return Readable.from(pages(), { objectMode: false })
}
