import closeWithGrace from 'close-with-grace'
import { describeMode } from '../src/config.ts'
import { openDatabase } from '../src/db/client.ts'
import { createLogger } from '../src/logger.ts'
import { checkEvictionPolicy, createProducerConnection, startScoringWorker } from '../src/queue/bullmq.ts'
import { createScoringJobHandler } from '../src/scoring/job-handler.ts'
import { loadConfigOrExit } from '../src/scripts/load-config.ts'

const config = loadConfigOrExit()
const logger = createLogger(config.logLevel).child({ process: 'worker' })

if (config.redis === null || config.database.kind !== 'postgres') {
  console.error('Configuration error: REDIS_URL and DATABASE_URL: the worker needs both (embedded mode scores inside `npm start`)')
  process.exit(2)
}

const database = await openDatabase({ ...config.database, statementTimeoutMs: config.statementTimeoutMs }, logger)
const probe = createProducerConnection(config.redis.url)
probe.on('error', () => {})
await checkEvictionPolicy(probe, logger).finally(() => probe.disconnect())

const scoring = startScoringWorker({
  settings: config.redis,
  concurrency: config.scoringConcurrency,
  handler: createScoringJobHandler({ db: database.db, log: logger }),
  log: logger
})

// The grace period must outlast the worker's own wait for the job in hand.
closeWithGrace({ delay: config.shutdownGraceMs + 2000, logger }, async ({ signal, err }) => {
  if (err !== undefined) logger.error({ err }, 'fatal error, shutting down')
  else logger.info({ signal }, 'shutting down: finishing the job in hand')
  await scoring.close(config.shutdownGraceMs)
  await database.close()
})

logger.info({ concurrency: config.scoringConcurrency }, `scoring worker started (${describeMode(config)})`)
