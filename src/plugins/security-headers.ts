import helmet from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

/** Headers for a JSON API that serves people at risk: nothing cached, nothing framed, nothing sniffed. */
export default fp(async function securityHeaders (app: FastifyInstance) {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ['\'none\''], frameAncestors: ['\'none\''] } },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    hsts: { maxAge: 31_536_000, includeSubDomains: true }
  })
  app.addHook('onSend', async (request, reply, payload) => {
    // ASVS 14.3.2: responses may hold identities; no intermediary or browser may keep them.
    reply.header('cache-control', 'no-store')
    reply.header('x-request-id', request.id)
    reply.removeHeader('x-powered-by')
    return payload
  })
}, { name: 'security-headers' })
