import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { hoistNamedSchemas } from '../schemas/named.ts'

export const API_VERSION = '1.0.0'

interface OpenApiDocument { paths?: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, unknown> }> }>> }

/** Error answers are RFC 9457 problem documents: say so in the document, as the wire does. */
function problemMediaTypes<T extends OpenApiDocument> (document: T): T {
  for (const item of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(item)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const json = response.content?.['application/json']
        if (Number(status) >= 400 && json !== undefined && response.content !== undefined) {
          response.content = { 'application/problem+json': json }
        }
      }
    }
  }
  return document
}

export default fp(async function openapi (app: FastifyInstance, opts: { docsEnabled: boolean }) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'red-notice-monitor API',
        version: API_VERSION,
        description: 'Partner NGOs report Interpol red notices and diplomatic assurances; workers score them for signs of ' +
          'political targeting and unreliability, with explanations; analysts query the scores. Errors are RFC 9457 ' +
          'application/problem+json; a validation problem names each offending field, and for a closed list the values it ' +
          'allows. Identifying fields are returned only to the reporting partner.\n\n' +
          'Changes are JSON Merge Patch (RFC 7396), sent as `application/merge-patch+json` (or `application/json`) with ' +
          '`If-Match: <revision>`; without If-Match the answer is 428, with a stale one 412. A patch that changes nothing ' +
          'adds no revision and queues no scoring: the answer is the current record with its ETag unchanged.\n\n' +
          'Date filters of lists and exports (`createdFrom`, `createdTo`, the audit log\'s `from` and `to`) take an RFC 3339 ' +
          'date-time or a plain date `YYYY-MM-DD`, which means that whole day in UTC: `createdFrom=2025-01-01&createdTo=2025-01-31` ' +
          'is all of January. A date-time is taken as given (`createdFrom` inclusive, `createdTo` exclusive).',
        license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' }
      },
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'API key: rnm_<keyId>_<secret>' } }
      },
      security: [{ bearerAuth: [] }],
      tags: [
        { name: 'Health', description: 'Liveness and readiness for orchestrators' }
      ]
    },
    transformObject: (documentObject) => hoistNamedSchemas(problemMediaTypes((documentObject as { openapiObject: OpenApiDocument }).openapiObject)),
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) }
  })
  app.get('/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => app.swagger())
  if (opts.docsEnabled) {
    await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true, uiConfig: { deepLinking: true } })
  }
}, { name: 'openapi' })
