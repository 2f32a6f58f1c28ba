import type { Logger } from 'pino'
import type { Config } from './config.ts'
import { openDatabase, type DatabaseHandle } from './db/client.ts'
import { BullmqScoringQueue, checkEvictionPolicy, createProducerConnection } from './queue/bullmq.ts'
import { InProcessQueue } from './queue/in-process.ts'
import type { ScoringJobHandler, ScoringQueue } from './queue/types.ts'

export interface Dependencies {
  database: DatabaseHandle
  queue: ScoringQueue
  close (): Promise<void>
}

/** The only place that turns connection settings into live clients; everything else receives them. */
export async function openDependencies (config: Config, log: Logger, options: {
  /** Embedded mode runs scoring inside this process with this handler. */
  inProcessHandler?: (database: DatabaseHandle) => ScoringJobHandler
} = {}): Promise<Dependencies> {
  const database = await openDatabase(
    config.database.kind === 'pglite'
      ? config.database
      : { ...config.database, statementTimeoutMs: config.statementTimeoutMs },
    log
  )
  let queue: ScoringQueue
  if (config.redis !== null) {
    queue = new BullmqScoringQueue(config.redis, log)
    await warnOnEvictionPolicy(config.redis.url, log)
  } else {
    if (options.inProcessHandler === undefined) throw new Error('no scoring handler for the in-process queue')
    queue = new InProcessQueue({ handler: options.inProcessHandler(database), concurrency: config.scoringConcurrency, log })
  }
  return {
    database,
    queue,
    async close () {
      await queue.close()
      await database.close()
    }
  }
}

async function warnOnEvictionPolicy (url: string, log: Logger): Promise<void> {
  const redis = createProducerConnection(url)
  redis.on('error', () => {})
  try {
    await new Promise<void>((resolve, reject) => {
      redis.once('ready', () => resolve())
      redis.once('error', reject)
    })
    await checkEvictionPolicy(redis, log)
  } catch {
    log.warn('Redis is not reachable at start; reports are stored and will be scored once it is back')
  } finally {
    redis.disconnect()
  }
}
