import { randomUUID } from 'node:crypto'
import rateLimit from '@fastify/rate-limit'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawReplyDefaultExpression, type RawRequestDefaultExpression, type RawServerDefault } from 'fastify'
import type { Logger } from 'pino'
import type { Config } from './config.ts'
import type { DatabaseHandle } from './db/client.ts'
import { HttpProblem } from './errors.ts'
import methodNotAllowed from './plugins/method-not-allowed.ts'
import openapi from './plugins/openapi.ts'
import problem from './plugins/problem.ts'
import securityHeaders from './plugins/security-headers.ts'
import { installValidators } from './plugins/validation.ts'
import type { ScoringQueue } from './queue/types.ts'
import { healthRoutes } from './routes/health.ts'

export interface AppDeps {
  config: Config
  database: DatabaseHandle
  queue: ScoringQueue
  logger: Logger
}

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>

declare module 'fastify' {
  interface FastifyInstance { deps: AppDeps }
  interface FastifyContextConfig { public?: boolean }
}

/** Builds the whole HTTP application from its dependencies; never reads the environment, never listens. */
export async function buildApp (deps: AppDeps): Promise<App> {
  const { config } = deps
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    genReqId: () => randomUUID(),
    bodyLimit: config.bodyLimit,
    requestTimeout: 30_000,
    connectionTimeout: 60_000,
    trustProxy: config.trustProxy,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: true,
    routerOptions: { maxParamLength: 100 }
  }).withTypeProvider<TypeBoxTypeProvider>()

  app.decorate('deps', deps)
  installValidators(app)
  await app.register(problem)
  await app.register(methodNotAllowed)
  await app.register(securityHeaders)
  await app.register(rateLimit, {
    max: config.rateLimit.max,
    timeWindow: config.rateLimit.windowMs,
    hook: 'preHandler',
    keyGenerator: (request) => request.ip,
    errorResponseBuilder: (_request, context) => new HttpProblem(429, 'Too Many Requests',
      `Rate limit of ${context.max} requests per ${Math.round(context.ttl / 1000)} s exceeded`, {}, { 'retry-after': String(Math.ceil(context.ttl / 1000)) })
  })
  await app.register(openapi, { docsEnabled: config.docsEnabled })
  await app.register(healthRoutes, { database: deps.database, queue: deps.queue })
  return app
}
