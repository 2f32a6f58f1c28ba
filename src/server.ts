import closeWithGrace from 'close-with-grace'
import { buildApp, LISTEN_BACKLOG } from './app.ts'
import { announceFirstAdmin, createFirstAdmin, type FirstAdmin } from './bootstrap.ts'
import { describeMode } from './config.ts'
import { DataDirLockedError, acquireDataDirLock, type DataDirLock } from './data-dir-lock.ts'
import { openDependencies } from './deps.ts'
import { refreshStatisticsIfDue } from './db/queries/statistics.ts'
import { logMigrationState } from './db/migration-state.ts'
import { explainError, failStartup, startupStep } from './explain-error.ts'
import { createLogger } from './logger.ts'
import { loadSecrets } from './secrets.ts'
import { createBatchedScoringJobHandler } from './scoring/job-handler.ts'
import { startReconcileTimer } from './scoring/reconciler.ts'
import { loadConfigOrExit, orExitOnConfigError } from './scripts/load-config.ts'
import { createDeliveryHandler } from './webhooks/deliver.ts'

const config = loadConfigOrExit()
const logger = createLogger(config.logLevel)

let lock: DataDirLock | undefined
if (config.database.kind === 'pglite') {
  // PGlite has a single writer: a second server, or the admin command line, must not open the folder meanwhile.
  try {
    lock = acquireDataDirLock(config.dataDir, 'server')
  } catch (err) {
    if (!(err instanceof DataDirLockedError)) throw err
    console.error(err.message)
    process.exit(3)
  }
}

const secrets = await orExitOnConfigError(() => loadSecrets(config, logger))
const deps = await startupStep(logger, 'open the database and queue', async () => await openDependencies(config, logger, {
  inProcessHandler: (database, webhooks) => createBatchedScoringJobHandler({ db: database.db, log: logger, webhooks }, { maxSize: config.scoringBatchSize }),
  inProcessWebhookHandler: (database) => createDeliveryHandler({ db: database.db, keyring: secrets.keyring, log: logger, settings: config.webhooks })
}))
if (config.database.kind === 'pglite') {
  // Embedded mode has no separate migrate step: the single process owns its data folder.
  await startupStep(logger, 'migrate the embedded database', async () => { await deps.database.migrate() })
} else {
  // The API starts anyway (readiness answers 503 until migrate has run), but says why in words at once.
  await logMigrationState(deps.database.migrationState, logger, explainError)
}

const firstAdmin: FirstAdmin | null = config.database.kind === 'pglite'
  ? await startupStep(logger, 'create the first admin key', async () => await createFirstAdmin(deps.database.db, secrets.apiKeyPepper, config.dataDir, logger))
  : null
const app = await startupStep(logger, 'build the API', async () => await buildApp({ config, database: deps.database, queue: deps.queue, webhooks: deps.webhooks, secrets, logger }))

// With the in-process queue this process is its own worker, so it reconciles too; with BullMQ the workers'
// job scheduler does (workers/index.ts), whatever the number of API replicas.
const reconciler = deps.queue.transport === 'in-process'
  ? startReconcileTimer({
    db: deps.database.db,
    queue: deps.queue,
    webhooks: deps.webhooks,
    log: logger,
    intervalMs: config.reconcileIntervalMs,
    alsoEachRun: () => refreshStatisticsIfDue(deps.database.db, { minGroupSize: config.statsMinGroupSize, maxAgeMs: config.statsRefreshIntervalMs })
  })
  : null

closeWithGrace({ delay: config.shutdownGraceMs, logger }, async ({ signal, err }) => {
  if (err !== undefined) logger.error({ err }, 'fatal error, shutting down')
  else logger.info({ signal }, 'shutting down: finishing in-flight requests')
  await reconciler?.stop()
  await app.close()
  await deps.close()
  lock?.release()
})

const address = await app.listen({ host: config.host, port: config.port, backlog: LISTEN_BACKLOG })
  .catch((err: unknown) => failStartup(logger, `listen on ${config.host}:${config.port}`, err))
logger.info({ mode: config.database.kind === 'pglite' && config.redis === null ? 'embedded' : 'production', queue: deps.queue.transport }, `red-notice-monitor API listening on ${address} (${describeMode(config)})`)
// After the start lines, so the one-time key is not lost among them.
if (firstAdmin !== null) announceFirstAdmin(firstAdmin, process.stdout, logger, address)
