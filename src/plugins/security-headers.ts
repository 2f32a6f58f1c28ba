import helmet from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

/**
 * The headers every answer carries, for the few answers no hook sees (errors Fastify's router raises before
 * routing). Kept equal to what helmet and the onSend hook below produce; test/security checks both.
 */
export const BASELINE_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': "default-src 'none';frame-ancestors 'none'",
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
  'cache-control': 'no-store'
})

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
