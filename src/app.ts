import { randomUUID } from 'node:crypto'
import rateLimit from '@fastify/rate-limit'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawReplyDefaultExpression, type RawRequestDefaultExpression, type RawServerDefault } from 'fastify'
import type { Logger } from 'pino'
import type { Config } from './config.ts'
import type { CryptoSecrets } from './crypto/index.ts'
import type { DatabaseHandle } from './db/client.ts'
import { countUnscored } from './db/queries/backlog.ts'
import { HttpProblem } from './errors.ts'
import auth from './plugins/auth.ts'
import underPressure from './plugins/under-pressure.ts'
import { acceptMergePatch } from './plugins/merge-patch.ts'
import methodNotAllowed from './plugins/method-not-allowed.ts'
import metrics from './plugins/metrics.ts'
import openapi from './plugins/openapi.ts'
import problem, { routerErrorHandler } from './plugins/problem.ts'
import securityHeaders, { BASELINE_SECURITY_HEADERS } from './plugins/security-headers.ts'
import { installValidators } from './plugins/validation.ts'
import { BullmqScoringQueue } from './queue/bullmq.ts'
import { BullmqWebhookQueue } from './queue/bullmq-webhooks.ts'
import type { ScoringQueue, WebhookQueue } from './queue/types.ts'
import { healthRoutes } from './routes/health.ts'
import { auditEventRoutes } from './routes/v1/audit-events.ts'
import { partnerRoutes } from './routes/v1/partners.ts'
import { subjectRoutes } from './routes/v1/subjects.ts'
import { assuranceRoutes } from './routes/v1/assurances.ts'
import { importRoutes } from './routes/v1/imports.ts'
import { redNoticeRoutes } from './routes/v1/red-notices.ts'
import { queueDashboard } from './plugins/queue-dashboard.ts'
import { exportRoutes } from './routes/v1/exports.ts'
import { countryRoutes } from './routes/v1/countries.ts'
import { rescoringRunRoutes } from './routes/v1/rescoring-runs.ts'
import { scoreRoutes } from './routes/v1/scores.ts'
import { statisticsRoutes } from './routes/v1/stats.ts'
import { rulesetRoutes } from './routes/v1/rulesets.ts'
import { webhookRoutes } from './routes/v1/webhooks.ts'
import { createRunLauncher } from './scoring/run-launcher.ts'

export interface AppDeps {
  config: Config
  database: DatabaseHandle
  queue: ScoringQueue
  /** Where replayed webhook deliveries go; without it they wait for the reconciler. */
  webhooks?: WebhookQueue
  secrets: CryptoSecrets
  logger: Logger
}

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>

declare module 'fastify' {
  interface FastifyInstance { deps: AppDeps }
  interface FastifyContextConfig { public?: boolean }
}

/**
 * Pending connections the kernel queues for the listener. Node's default (511) overflows when a burst of
 * 2,000 clients connects at once (security.md S15) and some are reset unanswered; the kernel caps it at
 * net.core.somaxconn.
 */
export const LISTEN_BACKLOG = 2048

/** Builds the whole HTTP application from its dependencies; never reads the environment, never listens. */
export async function buildApp (deps: AppDeps): Promise<App> {
  const { config } = deps
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    genReqId: () => randomUUID(),
    bodyLimit: config.bodyLimit,
    // A client that trickles its request (slowloris) is cut with 408 once requestTimeout has passed; node
    // looks for such connections every connectionsCheckingInterval (30 s by default, too coarse for short limits).
    requestTimeout: config.requestTimeoutMs,
    connectionTimeout: config.connectionTimeoutMs,
    http: { connectionsCheckingInterval: Math.max(250, Math.min(30_000, Math.floor(config.requestTimeoutMs / 4))) },
    trustProxy: config.trustProxy,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: true,
    routerOptions: { maxParamLength: 100 },
    // Bad percent-encoding and over-long path segments fail before routing: still problem+json, no URL echoed.
    frameworkErrors: routerErrorHandler(BASELINE_SECURITY_HEADERS)
  }).withTypeProvider<TypeBoxTypeProvider>()

  app.decorate('deps', deps)
  // Every body this API takes is JSON. Fastify also parses text/plain by default, which turned a
  // text/plain body into a confusing 400 ("/ must be object") instead of 415.
  app.removeContentTypeParser('text/plain')
  acceptMergePatch(app)
  installValidators(app)
  await app.register(problem)
  await app.register(methodNotAllowed)
  await app.register(securityHeaders)
  await app.register(metrics, { queue: deps.queue, unscoredBacklog: () => countUnscored(deps.database.db), token: config.metricsToken })
  // Before auth: an overloaded process sheds a request before spending a database lookup on its key.
  if (config.maxEventLoopDelayMs > 0) await app.register(underPressure, { maxEventLoopDelayMs: config.maxEventLoopDelayMs })
  await app.register(auth, { db: deps.database.db, pepper: deps.secrets.apiKeyPepper })
  await app.register(rateLimit, {
    max: config.rateLimit.max,
    timeWindow: config.rateLimit.windowMs,
    // Route-level onRequest runs after the auth plugin's app-level onRequest, so the limit follows the
    // partner's key rather than a shared address; and it runs before body parsing and validation, so
    // refused requests count too and a key over its limit costs no parsing.
    hook: 'onRequest',
    keyGenerator: (request) => request.principal?.apiKeyId ?? request.ip,
    errorResponseBuilder: (_request, context) => new HttpProblem(429, 'Too Many Requests',
      `Rate limit of ${context.max} requests per ${Math.round(context.ttl / 1000)} s exceeded`, {}, { 'retry-after': String(Math.ceil(context.ttl / 1000)) })
  })
  await app.register(openapi, { docsEnabled: config.docsEnabled })
  await app.register(healthRoutes, { database: deps.database, queue: deps.queue })
  // Rescoring runs enqueue their jobs after the response; shutdown waits for that to finish.
  const launcher = createRunLauncher({ db: deps.database.db, queue: deps.queue, log: deps.logger })
  app.addHook('onClose', async () => { await launcher.close() })
  await app.register(async (v1) => {
    await v1.register(partnerRoutes)
    await v1.register(subjectRoutes)
    await v1.register(redNoticeRoutes)
    await v1.register(assuranceRoutes)
    await v1.register(importRoutes)
    await v1.register(auditEventRoutes)
    await v1.register(scoreRoutes)
    await v1.register(countryRoutes, { launcher })
    await v1.register(rescoringRunRoutes, { launcher })
    await v1.register(exportRoutes)
    await v1.register(statisticsRoutes)
    await v1.register(rulesetRoutes)
    await v1.register(webhookRoutes)
  }, { prefix: '/v1' })
  if (config.queueDashboardEnabled && deps.queue instanceof BullmqScoringQueue) {
    const webhookQueue = deps.webhooks instanceof BullmqWebhookQueue ? [deps.webhooks.raw] : []
    await app.register(queueDashboard, { queues: [deps.queue.raw, ...webhookQueue] })
  }
  return app
}
