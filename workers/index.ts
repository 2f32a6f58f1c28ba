import closeWithGrace from 'close-with-grace'
import { describeMode } from '../src/config.ts'
import { openDatabase } from '../src/db/client.ts'
import { refreshStatisticsIfDue } from '../src/db/queries/statistics.ts'
import { logMigrationState } from '../src/db/migration-state.ts'
import { explainError, startupStep } from '../src/explain-error.ts'
import { createLogger } from '../src/logger.ts'
import { BullmqScoringQueue, startScoringWorker, warnOnEvictionPolicy } from '../src/queue/bullmq.ts'
import { startWorkerMetricsServer } from '../src/observability/worker-metrics-server.ts'
import { startMaintenance } from '../src/queue/maintenance.ts'
import { createScoringHandlers } from '../src/scoring/job-handler.ts'
import { reconcileOnce } from '../src/scoring/reconciler.ts'
import { loadConfigOrExit, orExitOnConfigError } from '../src/scripts/load-config.ts'
import { BullmqWebhookQueue, startWebhookWorker } from '../src/queue/bullmq-webhooks.ts'
import { loadSecrets } from '../src/secrets.ts'
import { createDeliveryHandler } from '../src/webhooks/deliver.ts'

const config = loadConfigOrExit()
const logger = createLogger(config.logLevel).child({ process: 'worker' })

if (config.redis === null || config.database.kind !== 'postgres') {
  console.error('Configuration error: REDIS_URL and DATABASE_URL: the worker needs both (embedded mode scores inside `npm start`)')
  process.exit(2)
}

const database = await openDatabase({ ...config.database, statementTimeoutMs: config.statementTimeoutMs }, logger)
// Jobs would fail one by one on a database without the scoring functions: say why in words at start.
await logMigrationState(database.migrationState, logger, explainError)
await warnOnEvictionPolicy(config.redis.url, logger)

// The worker opens webhook signing secrets, so it needs the keyring like the API.
const secrets = await orExitOnConfigError(() => loadSecrets(config, logger))
const retry = { maxAttempts: config.webhooks.maxAttempts, backoffBaseMs: config.webhooks.backoffBaseMs }
// Scores write webhook deliveries to the outbox; this producer hands them to the webhook queue after commit.
const webhookProducer = new BullmqWebhookQueue(config.redis, retry, logger)
const handlers = createScoringHandlers({ db: database.db, log: logger, webhooks: webhookProducer })
const webhooks = startWebhookWorker({
  settings: config.redis,
  concurrency: config.webhooks.concurrency,
  handler: createDeliveryHandler({ db: database.db, keyring: secrets.keyring, log: logger, settings: config.webhooks }),
  log: logger
})
const scoring = startScoringWorker({
  settings: config.redis,
  concurrency: config.scoringConcurrency,
  handler: handlers.handle,
  // A job leaves at once when a batch slot is free; the jobs that arrive meanwhile share the next transaction.
  batch: { handler: handlers.scoreBatch, maxSize: config.scoringBatchSize },
  tuning: { lockDurationMs: config.scoringLockDurationMs, stalledIntervalMs: config.scoringStalledIntervalMs },
  log: logger
})
// The reconciler's own producer: it enqueues what the database says is unscored.
const producer = new BullmqScoringQueue(config.redis, logger)
const maintenance = startMaintenance({
  settings: config.redis,
  everyMs: config.reconcileIntervalMs,
  reconcile: async () => {
    // The statistics release is rebuilt on the same schedule when due, by the one worker that runs this job.
    await reconcileOnce({ db: database.db, queue: producer, webhooks: webhookProducer, log: logger })
      .finally(async () => { await refreshStatisticsIfDue(database.db, { minGroupSize: config.statsMinGroupSize, maxAgeMs: config.statsRefreshIntervalMs }) })
  },
  log: logger
})

const metricsPort = config.workerMetricsPort
const metricsServer = metricsPort === null
  ? null
  : await startupStep(logger, `serve metrics on ${config.host}:${metricsPort}`, async () => await startWorkerMetricsServer({
    host: config.host,
    port: metricsPort,
    queue: producer,
    log: logger,
    token: config.metricsToken,
    health: {
      ready: async () => {
        const [migrations] = await Promise.all([database.migrationState(), database.ping(), producer.ping()])
        return migrations.state === 'current'
      }
    }
  }))

// The grace period must outlast the worker's own wait for the job in hand.
closeWithGrace({ delay: config.shutdownGraceMs + 2000, logger }, async ({ signal, err }) => {
  if (err !== undefined) logger.error({ err }, 'fatal error, shutting down')
  else logger.info({ signal }, 'shutting down: finishing the job in hand')
  await Promise.all([scoring.close(config.shutdownGraceMs), webhooks.close(config.shutdownGraceMs), maintenance.close(config.shutdownGraceMs)])
  await metricsServer?.close()
  await producer.close()
  await webhookProducer.close()
  await database.close()
})

logger.info({ concurrency: config.scoringConcurrency, batchSize: config.scoringBatchSize }, `scoring worker started (${describeMode(config)})`)
