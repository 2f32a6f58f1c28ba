import type { Readable } from 'node:stream'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'
import { ASSURANCE_EXPORT_COLUMNS, exportAssurances } from '../../intake/assurance-export.ts'
import { HttpProblem } from '../../errors.ts'
import { EXPORT_COLUMNS, exportRedNotices, type ExportFormat } from '../../intake/red-notice-export.ts'
import { Closed, ProblemSchema } from '../../schemas/common.ts'
import { AssuranceExportQuerySchema, ExportFormatSchema } from './assurance-query.ts'
import { actorOf } from './red-notices.ts'
import { RedNoticeExportQuerySchema } from './red-notice-query.ts'

const MEDIA_TYPES: Record<ExportFormat, string> = { csv: 'text/csv', ndjson: 'application/x-ndjson' }

/**
 * Content negotiation on Accept (RFC 9110 §12.5.1, q-values honoured, q=0 refuses): `text/csv` or
 * `application/x-ndjson`. A missing Accept, `*\/*` and `application/*` get NDJSON (the machine-readable
 * default, like the rest of the JSON API); `text/*` gets CSV. Anything else is null (406).
 */
export function negotiateExportFormat (accept: string | undefined): ExportFormat | null {
  if (accept === undefined || accept.trim() === '') return 'ndjson'
  const ranges = accept.split(',').map((part, index) => {
    const [range = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase())
    const q = params.find((p) => p.startsWith('q='))
    const weight = q === undefined ? 1 : Number(q.slice(2))
    return { range, weight: Number.isFinite(weight) ? weight : 0, index }
  }).filter((r) => r.weight > 0).sort((a, b) => b.weight - a.weight || a.index - b.index)
  for (const { range } of ranges) {
    if (range === 'application/x-ndjson' || range === '*/*' || range === 'application/*') return 'ndjson'
    if (range === 'text/csv' || range === 'text/*') return 'csv'
  }
  return null
}

const csvDescription = `RFC 4180 CSV with a header row: ${EXPORT_COLUMNS.join(', ')}. Lists (profiles, chargeCategories, topIndicators) are \`;\`-joined, topIndicatorTitles \` | \`-joined; ` +
  'score and band are empty while unscored. A cell starting with `=`, `+`, `-`, `@`, tab or CR is prefixed with `\'` (CSV formula injection guard).'
const ndjsonDescription = `One JSON object per line with the members ${EXPORT_COLUMNS.join(', ')}; lists are arrays, score and band null while unscored.`

/** `?format=` wins over Accept (a browser link sends none worth reading); else Accept decides. */
function exportFormat (accept: string | undefined, format: string | undefined): ExportFormat {
  const chosen = format === 'csv' || format === 'ndjson' ? format : negotiateExportFormat(accept)
  if (chosen === null) throw new HttpProblem(406, 'Not Acceptable', `Send Accept: ${MEDIA_TYPES.csv} or ${MEDIA_TYPES.ndjson}, or format=csv|ndjson`)
  return chosen
}

function sendExport (reply: FastifyReply, stream: Readable, format: ExportFormat, name: string): FastifyReply {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')
  return reply
    .type(format === 'csv' ? `${MEDIA_TYPES.csv}; charset=utf-8; header=present` : `${MEDIA_TYPES.ndjson}; charset=utf-8`)
    .header('content-disposition', `attachment; filename="${name}-${stamp}.${format === 'csv' ? 'csv' : 'ndjson'}"`)
    .header('cache-control', 'no-store')
    // The schema documents the stream's media types; a stream is sent as it is, never serialized.
    .send(stream as never)
}

const exportResponses = (csv: string, ndjson: string) => ({
  200: {
    description: 'The export, streamed (chunked) as an attachment',
    content: {
      [MEDIA_TYPES.ndjson]: { schema: Type.String({ description: ndjson }) },
      [MEDIA_TYPES.csv]: { schema: Type.String({ description: csv }) }
    }
  },
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  406: ProblemSchema,
  429: ProblemSchema
})

export const exportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/exports/red-notices', {
    config: { roles: ['reporter', 'analyst', 'admin'] },
    schema: {
      tags: ['Analysts'],
      operationId: 'exportRedNotices',
      summary: 'Export red-notice reports as CSV or NDJSON (streamed)',
      description: 'Every report the list would return with the same filters and order (no paging), one row each with its current score, band and top three indicators, ' +
        'always pseudonymised: identities are never exported, not even to the reporting partner. Reporters export only their own reports; analysts and admins every report. ' +
        'Choose the format with `format=csv|ndjson` or Accept: `text/csv` or `application/x-ndjson` (the default for a missing Accept or `*/*`); any other gets 406. ' +
        'Each export writes one `red_notice.exported` audit event with the names of the filters used.',
      querystring: Closed({ ...RedNoticeExportQuerySchema.properties, format: ExportFormatSchema }),
      response: exportResponses(csvDescription, ndjsonDescription)
    }
  }, async (request, reply) => {
    const { format: requested, ...query } = request.query
    const format = exportFormat(request.headers.accept, requested)
    const deps = { db: app.deps.database.db, secrets: app.deps.secrets, queue: app.deps.queue, log: request.log }
    return sendExport(reply, await exportRedNotices(deps, actorOf(request), query, format), format, 'red-notices')
  })

  app.get('/exports/assurances', {
    config: { roles: ['reporter', 'analyst', 'admin'] },
    schema: {
      tags: ['Analysts'],
      operationId: 'exportAssurances',
      summary: 'Export assurances as CSV or NDJSON (streamed)',
      description: 'Every assurance the list would return with the same filters and order (no paging), one row each with its current score, band and top three ' +
        'indicators with their titles, always pseudonymised. Reporters export only their own assurances; analysts and admins every one. Choose the format with ' +
        '`format=csv|ndjson` or Accept (`text/csv`, `application/x-ndjson`, the default). Each export writes one `assurance.exported` audit event.',
      querystring: AssuranceExportQuerySchema,
      response: exportResponses(
        `RFC 4180 CSV with a header row: ${ASSURANCE_EXPORT_COLUMNS.join(', ')}. topIndicators is \`;\`-joined, topIndicatorTitles \` | \`-joined.`,
        `One JSON object per line with the members ${ASSURANCE_EXPORT_COLUMNS.join(', ')}.`)
    }
  }, async (request, reply) => {
    const { format: requested, ...query } = request.query
    const format = exportFormat(request.headers.accept, requested)
    const deps = { db: app.deps.database.db, secrets: app.deps.secrets, queue: app.deps.queue, log: request.log }
    return sendExport(reply, await exportAssurances(deps, actorOf(request), query, format), format, 'assurances')
  })
}
