import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

export const API_VERSION = '1.0.0'

export default fp(async function openapi (app: FastifyInstance, opts: { docsEnabled: boolean }) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'red-notice-monitor API',
        version: API_VERSION,
        description: 'Partner NGOs report Interpol red notices and diplomatic assurances; workers score them for signs of ' +
          'political targeting and unreliability, with explanations; analysts query the scores. Errors are RFC 9457 ' +
          'application/problem+json. Identifying fields are returned only to the reporting partner.',
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
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) }
  })
  app.get('/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => app.swagger())
  if (opts.docsEnabled) {
    await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true, uiConfig: { deepLinking: true } })
  }
}, { name: 'openapi' })
