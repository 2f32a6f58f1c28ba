import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { HttpProblem } from '../../errors.ts'
import { EXPORT_COLUMNS, exportRedNotices, type ExportFormat } from '../../intake/red-notice-export.ts'
import { ProblemSchema } from '../../schemas/common.ts'
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

const csvDescription = `RFC 4180 CSV with a header row: ${EXPORT_COLUMNS.join(', ')}. Lists (profiles, chargeCategories, topIndicators) are \`;\`-joined; ` +
  'score and band are empty while unscored. A cell starting with `=`, `+`, `-`, `@`, tab or CR is prefixed with `\'` (CSV formula injection guard).'
const ndjsonDescription = `One JSON object per line with the members ${EXPORT_COLUMNS.join(', ')}; lists are arrays, score and band null while unscored.`

export const exportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/exports/red-notices', {
    config: { roles: ['reporter', 'analyst', 'admin'] },
    schema: {
      tags: ['Analysts'],
      operationId: 'exportRedNotices',
      summary: 'Export red-notice reports as CSV or NDJSON (streamed)',
      description: 'Every report the list would return with the same filters and order (no paging), one row each with its current score, band and top three indicators, ' +
        'always pseudonymised: identities are never exported, not even to the reporting partner. Reporters export only their own reports; analysts and admins every report. ' +
        'Choose the format with Accept: `text/csv` or `application/x-ndjson` (the default for a missing Accept or `*/*`); any other gets 406. ' +
        'Each export writes one `red_notice.exported` audit event with the names of the filters used.',
      querystring: RedNoticeExportQuerySchema,
      response: {
        200: {
          description: 'The export, streamed (chunked) as an attachment',
          content: {
            [MEDIA_TYPES.ndjson]: { schema: Type.String({ description: ndjsonDescription }) },
            [MEDIA_TYPES.csv]: { schema: Type.String({ description: csvDescription }) }
          }
        },
        400: ProblemSchema,
        401: ProblemSchema,
        403: ProblemSchema,
        406: ProblemSchema,
        429: ProblemSchema
      }
    }
  }, async (request, reply) => {
    const format = negotiateExportFormat(request.headers.accept)
    if (format === null) throw new HttpProblem(406, 'Not Acceptable', `Send Accept: ${MEDIA_TYPES.csv} or ${MEDIA_TYPES.ndjson}`)
    const deps = { db: app.deps.database.db, secrets: app.deps.secrets, queue: app.deps.queue, log: request.log }
    const stream = await exportRedNotices(deps, actorOf(request), request.query, format)
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')
    return reply
      .type(format === 'csv' ? `${MEDIA_TYPES.csv}; charset=utf-8; header=present` : `${MEDIA_TYPES.ndjson}; charset=utf-8`)
      .header('content-disposition', `attachment; filename="red-notices-${stamp}.${format === 'csv' ? 'csv' : 'ndjson'}"`)
      .header('cache-control', 'no-store')
      // The schema documents the stream's media types; a stream is sent as it is, never serialized.
      .send(stream as never)
  })
}
