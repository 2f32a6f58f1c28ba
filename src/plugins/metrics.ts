import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import { presentsMetricsToken } from '../observability/metrics-token.ts'
import { registerQueueGauges } from '../observability/queue-metrics.ts'
import { backgroundWorkRegistry } from '../observability/scoring-metrics.ts'
import type { ScoringQueue } from '../queue/types.ts'

export interface MetricsOptions {
  queue: ScoringQueue
  /** Reports whose current revision lacks a score under the current ruleset (the reconciler's backlog). */
  unscoredBacklog?: () => Promise<number>
  /** METRICS_TOKEN: Prometheus presents it as a bearer token; null = admin API keys only. */
  token?: string | null
  /** How long a counted backlog is reused (default 30 s): a scrape every few seconds must not scan a table each time. */
  backlogCacheMs?: number
}

/**
 * The last value of `read` for `maxAgeMs`, one read at a time: scrapes from several Prometheus replicas, or a
 * scrape interval shorter than the count takes, share one query instead of stacking them.
 */
export function cachedFor (maxAgeMs: number, read: () => Promise<number>, now: () => number = Date.now): () => Promise<number> {
  let value: { n: number, at: number } | null = null
  let pending: Promise<number> | null = null
  return async () => {
    if (value !== null && now() - value.at < maxAgeMs) return value.n
    pending ??= read().then((n) => { value = { n, at: now() }; return n }).finally(() => { pending = null })
    return await pending
  }
}

/**
 * Prometheus text at /metrics. Labels are route templates (`/v1/red-notices/:id`), never concrete URLs,
 * so no id or query string (which could carry anything a client typed) becomes a label value.
 */
export default fp(async function metrics (app: FastifyInstance, opts: MetricsOptions) {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route template, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry]
  })
  const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests by route template, method and status', labelNames: ['route', 'method', 'status'] as const, registers: [registry] })
  registerQueueGauges(registry, opts.queue)
  if (opts.unscoredBacklog !== undefined) {
    const backlog = cachedFor(opts.backlogCacheMs ?? 30_000, opts.unscoredBacklog)
    registry.registerMetric(new Gauge({
      name: 'reconciler_unscored_reports',
      help: 'Reports whose current revision has no score under the current ruleset',
      registers: [],
      async collect () { this.set(await backlog()) }
    }))
  }

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched'
    const labels = { route, method: request.method, status: String(reply.statusCode) }
    duration.observe(labels, reply.elapsedTime / 1000)
    requests.inc(labels)
  })

  const token = opts.token ?? null
  // Not public: route templates, queue depths and backlog sizes describe the service's use to whoever asks.
  // Prometheus presents METRICS_TOKEN; an admin key works too (the auth plugin's check, with its failure limiter).
  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    if (token === null || !presentsMetricsToken(request.headers.authorization, token)) {
      await request.server.authenticate(request, ['admin'], false)
    }
    // Scoring's series live in a per-process registry: in embedded mode this process is the one that scores.
    return reply.type(registry.contentType).send(`${await registry.metrics()}\n${await backgroundWorkRegistry.metrics()}`)
  })
}, { name: 'metrics' })
