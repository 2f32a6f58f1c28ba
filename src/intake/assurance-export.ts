import type { Readable } from 'node:stream'
import type { Transaction } from '../db/context.ts'
import { listAssurances, type AssuranceListFilter, type AssuranceOrder } from '../db/queries/assurances.ts'
import type { assurances } from '../db/schema.ts'
import { assuranceConditions, type AssuranceListQuery } from './assurances.ts'
import { csvLine, EXPORT_PAGE_SIZE, indicatorTitle, streamExport, topIndicatorsOf, type ExportFormat, type ExportPage } from './red-notice-export.ts'
import type { Actor, IntakeDeps } from './types.ts'

type AssuranceRow = typeof assurances.$inferSelect

export const ASSURANCE_EXPORT_COLUMNS = [
  'id', 'createdAt', 'givingState', 'receivingState', 'redNoticeId', 'score', 'band', 'topIndicators', 'topIndicatorTitles'
] as const

/** One exported assurance: the states, the linked report and the current score. Never the identity or the facts' free text. */
export interface AssuranceExportRow {
  id: string
  createdAt: string
  givingState: string
  receivingState: string
  redNoticeId: string | null
  score: number | null
  band: string | null
  topIndicators: string[]
  topIndicatorTitles: string[]
}

export function assuranceExportRow (row: AssuranceRow, topIndicators: string[]): AssuranceExportRow {
  const scored = row.currentScore !== null
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    givingState: row.givingState,
    receivingState: row.receivingState,
    redNoticeId: row.redNoticeId,
    score: row.currentScore,
    band: row.currentBand,
    topIndicators: scored ? topIndicators : [],
    topIndicatorTitles: scored ? topIndicators.map(indicatorTitle) : []
  }
}

function encode (format: ExportFormat, rows: readonly AssuranceExportRow[]): string {
  return rows.map((row) => format === 'csv'
    ? csvLine([row.id, row.createdAt, row.givingState, row.receivingState, row.redNoticeId ?? '', row.score === null ? '' : String(row.score),
      row.band ?? '', row.topIndicators.join(';'), row.topIndicatorTitles.join(' | ')])
    : `${JSON.stringify(row)}\n`).join('')
}

const positionOf = (order: AssuranceOrder, last: AssuranceRow): AssuranceListFilter['after'] =>
  order === '-score' ? { score: last.currentScore ?? -1, id: last.id } : { createdAt: last.createdAt, id: last.id }

/**
 * Every assurance the list would return with these filters, pseudonymised for every role, paged by keyset in
 * short transactions as the client reads (as the red-notice export does, which explains the audit and failure
 * behaviour).
 */
export async function exportAssurances (deps: IntakeDeps, actor: Actor, query: Omit<AssuranceListQuery, 'limit' | 'cursor'>, format: ExportFormat): Promise<Readable> {
  const order = (query.sort ?? '-createdAt') as AssuranceOrder
  const conditions = assuranceConditions(actor, query)
  const filters = Object.keys(query).filter((name) => name !== 'sort' && query[name as keyof typeof query] !== undefined).sort()
  const readPage = async (tx: Transaction, after: AssuranceListFilter['after']): Promise<ExportPage<AssuranceRow>> => {
    const rows = await listAssurances(tx, { conditions, order, limit: EXPORT_PAGE_SIZE, after })
    const top = await topIndicatorsOf(tx, rows, 'assurance')
    return { text: encode(format, rows.map((row) => assuranceExportRow(row, top.get(row.id) ?? []))), last: rows.at(-1), full: rows.length === EXPORT_PAGE_SIZE }
  }
  return await streamExport(deps, actor, {
    audit: { action: 'assurance.exported', targetKind: 'assurance', details: { filters, order, format } },
    header: format === 'csv' ? csvLine(ASSURANCE_EXPORT_COLUMNS) : '',
    readPage,
    start: undefined,
    after: (last) => positionOf(order, last)
  })
}
