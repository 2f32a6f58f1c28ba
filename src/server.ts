import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.ts'
import { describeMode } from './config.ts'
import { openDependencies } from './deps.ts'
import { createLogger } from './logger.ts'
import { loadSecrets } from './secrets.ts'
import { createScoringJobHandler } from './scoring/job-handler.ts'
import { startReconcileTimer } from './scoring/reconciler.ts'
import { loadConfigOrExit } from './scripts/load-config.ts'

const config = loadConfigOrExit()
const logger = createLogger(config.logLevel)

const deps = await openDependencies(config, logger, {
  inProcessHandler: (database) => createScoringJobHandler({ db: database.db, log: logger })
})
if (config.database.kind === 'pglite') {
  // Embedded mode has no separate migrate step: the single process owns its data folder.
  await deps.database.migrate()
}

const secrets = await loadSecrets(config, logger)
const app = await buildApp({ config, database: deps.database, queue: deps.queue, secrets, logger })

// With the in-process queue this process is its own worker, so it reconciles too; with BullMQ the workers'
// job scheduler does (workers/index.ts), whatever the number of API replicas.
const reconciler = deps.queue.transport === 'in-process'
  ? startReconcileTimer({ db: deps.database.db, queue: deps.queue, log: logger, intervalMs: config.reconcileIntervalMs })
  : null

closeWithGrace({ delay: config.shutdownGraceMs, logger }, async ({ signal, err }) => {
  if (err !== undefined) logger.error({ err }, 'fatal error, shutting down')
  else logger.info({ signal }, 'shutting down: finishing in-flight requests')
  await reconciler?.stop()
  await app.close()
  await deps.close()
})

await app.listen({ host: config.host, port: config.port })
logger.info({ mode: config.database.kind === 'pglite' && config.redis === null ? 'embedded' : 'production', queue: deps.queue.transport }, `red-notice-monitor API listening on http://${config.host}:${config.port} (${describeMode(config)})`)
