import type { Logger } from 'pino'
import type { Config } from './config.ts'
import { openDatabase, type DatabaseHandle } from './db/client.ts'
import { BullmqScoringQueue, warnOnEvictionPolicy } from './queue/bullmq.ts'
import { BullmqWebhookQueue } from './queue/bullmq-webhooks.ts'
import { InProcessQueue } from './queue/in-process.ts'
import { webhookJobId, type JobHandler, type ScoringJobHandler, type ScoringQueue, type WebhookJob, type WebhookQueue } from './queue/types.ts'

export interface Dependencies {
  database: DatabaseHandle
  queue: ScoringQueue
  /** Webhook deliveries: BullMQ (a worker process sends them) or in this process (embedded mode). */
  webhooks: WebhookQueue
  close (): Promise<void>
}

/** The only place that turns connection settings into live clients; everything else receives them. */
export async function openDependencies (config: Config, log: Logger, options: {
  /** Embedded mode runs scoring inside this process with this handler (given the webhook queue it feeds). */
  inProcessHandler?: (database: DatabaseHandle, webhooks: WebhookQueue) => ScoringJobHandler
  /** Embedded mode sends webhooks from this process with this handler. */
  inProcessWebhookHandler?: (database: DatabaseHandle) => JobHandler<WebhookJob>
} = {}): Promise<Dependencies> {
  const database = await openDatabase(
    config.database.kind === 'pglite'
      ? config.database
      : { ...config.database, statementTimeoutMs: config.statementTimeoutMs },
    log
  )
  let queue: ScoringQueue
  let webhooks: WebhookQueue
  const retry = { maxAttempts: config.webhooks.maxAttempts, backoffBaseMs: config.webhooks.backoffBaseMs }
  if (config.redis !== null) {
    queue = new BullmqScoringQueue(config.redis, log)
    webhooks = new BullmqWebhookQueue(config.redis, retry, log)
    await warnOnEvictionPolicy(config.redis.url, log)
  } else {
    if (options.inProcessHandler === undefined || options.inProcessWebhookHandler === undefined) throw new Error('no scoring or webhook handler for the in-process queues')
    webhooks = new InProcessQueue<WebhookJob>({
      handler: options.inProcessWebhookHandler(database), concurrency: config.webhooks.concurrency, jobId: webhookJobId, name: 'webhook', log, ...retry
    })
    queue = new InProcessQueue({ handler: options.inProcessHandler(database, webhooks), concurrency: config.scoringConcurrency, log })
  }
  return {
    database,
    queue,
    webhooks,
    async close () {
      await queue.close()
      await webhooks.close()
      await database.close()
    }
  }
}
