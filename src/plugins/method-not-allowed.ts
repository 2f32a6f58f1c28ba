import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import FindMyWay, { type HTTPMethod } from 'find-my-way'
import { sendProblem } from './problem.ts'

const METHODS: HTTPMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

/**
 * Fastify answers 404 for a known path with an unknown method; the HTTP contract is 405 with Allow.
 * A shadow router of every declared route tells which methods a path has.
 */
export default fp(async function methodNotAllowed (app: FastifyInstance) {
  const shadow = FindMyWay({ ignoreTrailingSlash: false })
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    for (const raw of methods) {
      const method = raw.toUpperCase() as HTTPMethod
      if (!shadow.hasRoute(method, route.url)) shadow.on(method, route.url, () => {})
    }
  })
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/'
    const allowed = METHODS.filter((method) => shadow.find(method, path) !== null)
    const instance = `urn:request:${request.id}`
    if (allowed.length > 0) {
      return sendProblem(reply, { type: 'about:blank', title: 'Method Not Allowed', status: 405, detail: `${request.method} is not allowed here`, instance }, { allow: allowed.join(', ') })
    }
    return sendProblem(reply, { type: 'about:blank', title: 'Not Found', status: 404, detail: 'No such resource', instance })
  })
}, { name: 'method-not-allowed' })
