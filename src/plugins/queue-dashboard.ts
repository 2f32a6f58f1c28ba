import { createBullBoard } from '@bull-board/api'
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter'
import { FastifyAdapter } from '@bull-board/fastify'
import type { Queue } from 'bullmq'
import type { FastifyError, FastifyInstance } from 'fastify'
import { replyWithProblem } from './problem.ts'

export const QUEUE_DASHBOARD_PATH = '/admin/queues'

// The dashboard is a browser page: its own scripts and styles (inline styles included), nothing from
// elsewhere (the page's web-font link is blocked, so an admin's browser never calls a third party).
const DASHBOARD_CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self' data:; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

/**
 * Bull Board over the service's BullMQ queues, for admins only: every route of the dashboard, pages and
 * their JSON calls alike, goes through the service's key check for the admin role; the browser logs in with
 * HTTP Basic credentials whose password is an admin API key. Jobs carry ids only, so nothing it shows
 * identifies anyone. Registered only when the queues are BullMQ (production mode).
 */
export async function queueDashboard (app: FastifyInstance, opts: { queues: Queue[] }): Promise<void> {
  app.addHook('onRoute', (route) => { route.schema = { ...route.schema, hide: true } })
  // Bull Board sets its own error handler on its routes, which would answer an auth failure with its own
  // JSON: failures are answered here, as problem+json with the Basic challenge a browser needs.
  app.addHook('onRequest', async (request, reply) => {
    try {
      await app.authenticate(request, ['admin'], true)
    } catch (err) {
      return replyWithProblem(err as FastifyError, request, reply)
    }
  })
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('content-security-policy', DASHBOARD_CSP)
    return payload
  })
  const serverAdapter = new FastifyAdapter()
  createBullBoard({
    queues: opts.queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'red-notice-monitor queues' } }
  })
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH)
  await app.register(serverAdapter.registerPlugin(), { prefix: QUEUE_DASHBOARD_PATH })
}
