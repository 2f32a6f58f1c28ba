import fs from 'node:fs'
import path from 'node:path'
import { Type, type Static } from 'typebox'
import { Value } from 'typebox/value'

/**
 * Every environment variable the service reads, with its default and meaning.
 * The README's configuration table and the docker-compose test are checked against this schema,
 * so a variable cannot be added here without being documented and wired.
 */
export const EnvSchema = Type.Object({
  NODE_ENV: Type.Union([Type.Literal('development'), Type.Literal('production'), Type.Literal('test')], {
    default: 'development', description: 'development, production or test; production refuses to start without explicit keys'
  }),
  HOST: Type.String({ default: '127.0.0.1', minLength: 1, description: 'Interface the API listens on (0.0.0.0 in a container)' }),
  PORT: Type.Integer({ default: 3000, minimum: 0, maximum: 65535, description: 'TCP port of the API' }),
  LOG_LEVEL: Type.Union([
    Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'),
    Type.Literal('debug'), Type.Literal('trace'), Type.Literal('silent')
  ], {
    default: 'info', description: 'pino log level'
  }),
  DATA_DIR: Type.String({ default: './data', minLength: 1, description: 'Embedded mode: folder holding the PGlite database and generated keys' }),
  DATABASE_URL: Type.Optional(Type.String({ minLength: 1, description: 'PostgreSQL URL (postgres://user:pass@host:5432/db); unset = embedded PGlite in DATA_DIR. The API and worker connect as a non-superuser role (APP_DATABASE_URL); migrate as the owner' })),
  APP_DATABASE_URL: Type.Optional(Type.String({ minLength: 1, description: 'migrate only: the URL the API and worker connect with; migrate creates or updates its role (LOGIN with this password, NOSUPERUSER, NOBYPASSRLS, member of rnm_app only)' })),
  DATABASE_POOL_MAX: Type.Integer({ default: 10, minimum: 1, maximum: 200, description: 'Maximum PostgreSQL connections per process' }),
  DATABASE_STATEMENT_TIMEOUT_MS: Type.Integer({ default: 5000, minimum: 100, maximum: 600_000, description: 'statement_timeout and lock_timeout bound for every query' }),
  REDIS_URL: Type.Optional(Type.String({ minLength: 1, description: 'Redis URL for BullMQ (redis://host:6379); unset = in-process scoring queue' })),
  QUEUE_PREFIX: Type.String({ default: 'rnm', pattern: '^[a-zA-Z0-9_-]{1,32}$', description: 'Prefix of the BullMQ keys in Redis' }),
  SCORING_CONCURRENCY: Type.Optional(Type.Integer({ minimum: 1, maximum: 256, description: 'Scoring jobs one process runs at once; unset: 64 for a BullMQ worker, 16 in embedded mode (one PGlite session)' })),
  SCORING_BATCH_SIZE: Type.Integer({ default: 16, minimum: 1, maximum: 256, description: 'Jobs a worker (BullMQ, or the embedded in-process queue) scores in one transaction (1 = one job per transaction); batches never exceed SCORING_CONCURRENCY' }),
  SCORING_LOCK_DURATION_MS: Type.Integer({ default: 30_000, minimum: 1000, maximum: 600_000, description: 'BullMQ job lock; a killed worker\'s jobs run again after it expires' }),
  SCORING_STALLED_INTERVAL_MS: Type.Integer({ default: 30_000, minimum: 1000, maximum: 600_000, description: 'How often BullMQ looks for jobs whose worker died (stalled jobs)' }),
  RECONCILE_INTERVAL_MS: Type.Integer({ default: 60_000, minimum: 1000, maximum: 86_400_000, description: 'How often the reconciler looks for reports without a current score' }),
  BODY_LIMIT_BYTES: Type.Integer({ default: 262_144, minimum: 1024, maximum: 10_485_760, description: 'Largest accepted request body (413 above)' }),
  REQUEST_TIMEOUT_MS: Type.Integer({ default: 30_000, minimum: 1000, maximum: 600_000, description: 'Time a client has to send a whole request; slower ones (e.g. 1 byte/s) are cut with 408' }),
  CONNECTION_TIMEOUT_MS: Type.Integer({ default: 60_000, minimum: 1000, maximum: 600_000, description: 'An idle connection is closed after this long' }),
  MAX_EVENT_LOOP_DELAY_MS: Type.Integer({ default: 2000, minimum: 0, maximum: 60_000, description: 'Above this mean event-loop delay, API requests get 503 with Retry-After (health routes still answer); 0 = off' }),
  RATE_LIMIT_MAX: Type.Integer({ default: 600, minimum: 1, maximum: 1_000_000, description: 'Requests per API key (or per IP when unauthenticated) per RATE_LIMIT_WINDOW_MS' }),
  RATE_LIMIT_WINDOW_MS: Type.Integer({ default: 60_000, minimum: 1000, maximum: 86_400_000, description: 'Window of the rate limit' }),
  SHUTDOWN_GRACE_MS: Type.Integer({ default: 10_000, minimum: 100, maximum: 600_000, description: 'Time given to in-flight requests and jobs on SIGTERM before exit' }),
  TRUST_PROXY: Type.String({ default: 'false', description: 'false, or the exact proxy address/CIDR whose X-Forwarded-For is trusted' }),
  DOCS_ENABLED: Type.Boolean({ default: true, description: 'Serve the browsable API docs at /docs' }),
  WORKER_METRICS_PORT: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535, description: 'Worker process: serve Prometheus metrics on this port at /metrics (on HOST); unset = not served, 0 = any free port' })),
  QUEUE_DASHBOARD_ENABLED: Type.Boolean({ default: true, description: 'Serve the BullMQ dashboard (Bull Board) at /admin/queues to admin keys; production mode only' }),
  ENCRYPTION_KEYS: Type.Optional(Type.String({ minLength: 1, description: 'Keyring for identity encryption: kid:base64key[,kid:base64key…], first is current; required in production' })),
  BLIND_INDEX_KEY: Type.Optional(Type.String({ minLength: 1, description: 'Base64 key for the blind indexes that link reports about the same person; required in production, never rotate' })),
  API_KEY_PEPPER: Type.Optional(Type.String({ minLength: 1, description: 'Base64 secret mixed into API-key hashes; required in production' })),
  STATS_MIN_GROUP_SIZE: Type.Integer({ default: 5, minimum: 1, maximum: 1000, description: 'Statistics groups smaller than this are suppressed' }),
  STATS_REFRESH_INTERVAL_MS: Type.Integer({ default: 300_000, minimum: 1000, maximum: 86_400_000, description: 'How old the statistics release may get before the reconciler\'s schedule rebuilds it' }),
  WEBHOOK_ALLOW_PRIVATE_TARGETS: Type.Boolean({ default: false, description: 'Allow webhook URLs on loopback or private addresses, and plain http (tests only)' }),
  WEBHOOK_TIMEOUT_MS: Type.Integer({ default: 10_000, minimum: 100, maximum: 60_000, description: 'Time one webhook delivery attempt may take (connect to end of response) before it counts as failed' }),
  WEBHOOK_MAX_ATTEMPTS: Type.Integer({ default: 8, minimum: 1, maximum: 20, description: 'Attempts per webhook delivery before it is marked failed' }),
  WEBHOOK_BACKOFF_BASE_MS: Type.Integer({ default: 5000, minimum: 1, maximum: 3_600_000, description: 'Delay before the second attempt; each further retry waits twice as long (exponential backoff)' }),
  WEBHOOK_MAX_SUBSCRIPTIONS: Type.Integer({ default: 10, minimum: 1, maximum: 1000, description: 'Webhook subscriptions one partner may hold (409 above); each URL once per partner' }),
  METRICS_TOKEN: Type.Optional(Type.String({ minLength: 16, description: 'Bearer token that Prometheus presents at /metrics (API and worker); unset = /metrics answers admin API keys only' })),
  WEBHOOK_CONCURRENCY: Type.Integer({ default: 16, minimum: 2, maximum: 256, description: 'Webhook deliveries one process sends at once (a slow receiver holds one slot only)' })
}, { additionalProperties: true })

export type Env = Static<typeof EnvSchema>
export const CONFIG_VARIABLES = Object.keys(EnvSchema.properties) as Array<keyof Env>

/**
 * Variables that carry a secret. Each also has a `<NAME>_FILE` form naming a file that holds the value (Docker
 * and Kubernetes secrets are mounted as files, and a file does not show in `docker inspect` or /proc/<pid>/environ).
 */
export const SECRET_VARIABLES = ['DATABASE_URL', 'APP_DATABASE_URL', 'REDIS_URL', 'ENCRYPTION_KEYS', 'BLIND_INDEX_KEY', 'API_KEY_PEPPER', 'METRICS_TOKEN'] as const satisfies ReadonlyArray<keyof Env>
export const SECRET_FILE_VARIABLES = SECRET_VARIABLES.map((name) => `${name}_FILE`)

export interface Config {
  env: Env['NODE_ENV']
  host: string
  port: number
  logLevel: Env['LOG_LEVEL']
  dataDir: string
  database: { kind: 'pglite', dataDir: string } | { kind: 'postgres', url: string, poolMax: number }
  statementTimeoutMs: number
  redis: { url: string, prefix: string } | null
  scoringConcurrency: number
  scoringBatchSize: number
  scoringLockDurationMs: number
  scoringStalledIntervalMs: number
  reconcileIntervalMs: number
  bodyLimit: number
  requestTimeoutMs: number
  connectionTimeoutMs: number
  maxEventLoopDelayMs: number
  rateLimit: { max: number, windowMs: number }
  shutdownGraceMs: number
  trustProxy: false | string
  docsEnabled: boolean
  queueDashboardEnabled: boolean
  workerMetricsPort: number | null
  secrets: { encryptionKeys?: string, blindIndexKey?: string, apiKeyPepper?: string }
  /** migrate only: the URL whose role the API and worker connect as. */
  appDatabaseUrl: string | null
  /** The bearer token Prometheus presents at /metrics, or null (admin keys only). */
  metricsToken: string | null
  statsMinGroupSize: number
  statsRefreshIntervalMs: number
  webhooks: WebhookSettings
}

export interface WebhookSettings {
  allowPrivateTargets: boolean
  timeoutMs: number
  maxAttempts: number
  backoffBaseMs: number
  concurrency: number
  maxSubscriptionsPerPartner: number
}

export class ConfigError extends Error {
  constructor (readonly variable: string, problem: string) {
    super(`${variable}: ${problem}`)
    this.name = 'ConfigError'
  }
}

function checkUrl (variable: string, value: string | undefined, protocols: string[]): void {
  if (value === undefined) return
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new ConfigError(variable, `is not a valid URL (expected ${protocols[0]}//host:port/…)`)
  }
  if (!protocols.includes(url.protocol)) throw new ConfigError(variable, `must use ${protocols.join(' or ')} (got ${url.protocol})`)
  if (url.hostname === '') throw new ConfigError(variable, 'has no host')
}

function describeError (error: { instancePath: string, message: string, params?: unknown }): ConfigError {
  const variable = error.instancePath.replace(/^\//, '') || 'environment'
  return new ConfigError(variable, error.message)
}

const isSet = (value: string | undefined): value is string => value !== undefined && value !== ''

/** A secret's value from `<NAME>_FILE`: the file's content without its trailing newline. Never echoes the value. */
function readSecretFile (name: string, file: string, direct: string | undefined): string {
  if (isSet(direct)) throw new ConfigError(`${name}_FILE`, `and ${name} are both set; set only one of them`)
  let content: string
  try {
    content = fs.readFileSync(file, 'utf8')
  } catch (err) {
    throw new ConfigError(`${name}_FILE`, `cannot be read (${(err as { code?: string }).code ?? 'error'}): ${file}`)
  }
  const value = content.replace(/\r?\n$/, '')
  if (value === '') throw new ConfigError(`${name}_FILE`, `names an empty file: ${file}`)
  return value
}

/** Turns the environment into a typed, frozen config. Throws ConfigError naming the first bad variable. */
export function loadConfig (source: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, unknown> = {}
  for (const name of CONFIG_VARIABLES) {
    const value = source[name]
    // An empty variable means "not set": docker-compose passes `FOO=` for unset interpolations.
    if (isSet(value)) raw[name] = value
  }
  for (const name of SECRET_VARIABLES) {
    const file = source[`${name}_FILE`]
    if (isSet(file)) raw[name] = readSecretFile(name, file, source[name])
  }
  const env = Value.Convert(EnvSchema, Value.Default(EnvSchema, raw)) as Env
  if (!Value.Check(EnvSchema, env)) {
    const [first] = Value.Errors(EnvSchema, env)
    throw describeError(first ?? { instancePath: '', message: 'is invalid' })
  }
  checkUrl('DATABASE_URL', env.DATABASE_URL, ['postgres:', 'postgresql:'])
  checkUrl('REDIS_URL', env.REDIS_URL, ['redis:', 'rediss:'])
  checkUrl('APP_DATABASE_URL', env.APP_DATABASE_URL, ['postgres:', 'postgresql:'])

  if (env.NODE_ENV === 'production') {
    if (env.DATABASE_URL === undefined) throw new ConfigError('DATABASE_URL', 'is required when NODE_ENV=production')
    for (const name of ['ENCRYPTION_KEYS', 'BLIND_INDEX_KEY', 'API_KEY_PEPPER'] as const) {
      if (env[name] === undefined) throw new ConfigError(name, 'is required when NODE_ENV=production (the service refuses to invent keys for real data)')
    }
  }

  const dataDir = path.resolve(env.DATA_DIR)
  const config: Config = {
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    dataDir,
    database: env.DATABASE_URL === undefined
      ? { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') }
      : { kind: 'postgres', url: env.DATABASE_URL, poolMax: env.DATABASE_POOL_MAX },
    statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
    redis: env.REDIS_URL === undefined ? null : { url: env.REDIS_URL, prefix: env.QUEUE_PREFIX },
    // A BullMQ worker waits on Redis and PostgreSQL round trips more than on its CPU: 64 jobs at once score
    // about twice as many per second as 16 (bench:scoring). PGlite runs one statement at a time.
    scoringConcurrency: env.SCORING_CONCURRENCY ?? (env.REDIS_URL === undefined ? 16 : 64),
    scoringBatchSize: env.SCORING_BATCH_SIZE,
    scoringLockDurationMs: env.SCORING_LOCK_DURATION_MS,
    scoringStalledIntervalMs: env.SCORING_STALLED_INTERVAL_MS,
    reconcileIntervalMs: env.RECONCILE_INTERVAL_MS,
    bodyLimit: env.BODY_LIMIT_BYTES,
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
    connectionTimeoutMs: env.CONNECTION_TIMEOUT_MS,
    maxEventLoopDelayMs: env.MAX_EVENT_LOOP_DELAY_MS,
    rateLimit: { max: env.RATE_LIMIT_MAX, windowMs: env.RATE_LIMIT_WINDOW_MS },
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
    trustProxy: env.TRUST_PROXY === 'false' ? false : env.TRUST_PROXY,
    docsEnabled: env.DOCS_ENABLED,
    queueDashboardEnabled: env.QUEUE_DASHBOARD_ENABLED,
    workerMetricsPort: env.WORKER_METRICS_PORT ?? null,
    secrets: { encryptionKeys: env.ENCRYPTION_KEYS, blindIndexKey: env.BLIND_INDEX_KEY, apiKeyPepper: env.API_KEY_PEPPER },
    appDatabaseUrl: env.APP_DATABASE_URL ?? null,
    metricsToken: env.METRICS_TOKEN ?? null,
    statsMinGroupSize: env.STATS_MIN_GROUP_SIZE,
    statsRefreshIntervalMs: env.STATS_REFRESH_INTERVAL_MS,
    webhooks: {
      allowPrivateTargets: env.WEBHOOK_ALLOW_PRIVATE_TARGETS,
      timeoutMs: env.WEBHOOK_TIMEOUT_MS,
      maxAttempts: env.WEBHOOK_MAX_ATTEMPTS,
      backoffBaseMs: env.WEBHOOK_BACKOFF_BASE_MS,
      concurrency: env.WEBHOOK_CONCURRENCY,
      maxSubscriptionsPerPartner: env.WEBHOOK_MAX_SUBSCRIPTIONS
    }
  }
  return Object.freeze(config)
}

/** Mode line for the start log: which storage and which queue this process uses. */
export function describeMode (config: Config): string {
  const storage = config.database.kind === 'pglite' ? `embedded PGlite in ${config.database.dataDir}` : 'PostgreSQL'
  const queue = config.redis === null ? 'in-process scoring queue' : 'BullMQ on Redis'
  return `${config.database.kind === 'pglite' && config.redis === null ? 'embedded' : 'production'} mode: ${storage}, ${queue}`
}
