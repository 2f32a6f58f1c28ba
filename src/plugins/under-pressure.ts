import underPressure from '@fastify/under-pressure'
import fp from 'fastify-plugin'
import { HttpProblem } from '../errors.ts'

/** Seconds a client is asked to wait when the process is overloaded. */
export const PRESSURE_RETRY_AFTER_S = 5
/** under-pressure samples the event-loop delay this often (its default). */
const SAMPLE_INTERVAL_MS = 1000

/**
 * Load shedding (docs/security.md §7 S15): when the mean event-loop delay passes the configured maximum,
 * API requests are answered at once with 503 problem+json and Retry-After instead of queueing behind the
 * stall. Public routes (health, metrics, the document) still answer, so an orchestrator can tell
 * "overloaded" from "dead" and does not restart a process that is only busy.
 */
export default fp<{ maxEventLoopDelayMs: number }>(async (app, opts) => {
  // Compiling every route's schemas in ready() stalls the loop once; the first samples after it say
  // nothing about load, so shedding starts two samples after the app is ready.
  let sheddingFrom = Number.POSITIVE_INFINITY
  app.addHook('onReady', async () => { sheddingFrom = Date.now() + 2 * SAMPLE_INTERVAL_MS })
  await app.register(underPressure, {
    maxEventLoopDelay: opts.maxEventLoopDelayMs,
    sampleInterval: SAMPLE_INTERVAL_MS,
    retryAfter: PRESSURE_RETRY_AFTER_S,
    // A rejected promise reaches the problem handler like any thrown error; resolving lets the request through.
    pressureHandler: async (request) => {
      if (request.routeOptions.config.public === true || Date.now() < sheddingFrom) return
      throw new HttpProblem(503, 'Service Unavailable', 'The service is overloaded; retry shortly', {}, { 'retry-after': String(PRESSURE_RETRY_AFTER_S) })
    }
  })
}, { name: 'under-pressure-shedding' })
