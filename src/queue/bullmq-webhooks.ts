import { Job, Queue, UnrecoverableError, Worker } from 'bullmq'
import type { Redis } from 'ioredis'
import type { Logger } from 'pino'
import { closeWorkerWithin, countedProcessor, createProducerConnection, createWorkerConnection, ReadyGate, withTimeout, type RedisSettings } from './bullmq.ts'
import { PermanentJobError, WEBHOOK_QUEUE, webhookJobId, type JobHandler, type WebhookJob, type WebhookQueue } from './types.ts'

const ENQUEUE_TIMEOUT_MS = 2000

export interface RetryPolicy {
  maxAttempts: number
  /** Delay before the second attempt; BullMQ's exponential backoff doubles it for each further one. */
  backoffBaseMs: number
}

/**
 * Webhook deliveries on their own BullMQ queue, so a backlog of slow receivers never delays scoring (and
 * the other way round). Jobs carry the delivery row's id only; the job id dedupes re-enqueues.
 */
export class BullmqWebhookQueue implements WebhookQueue {
  readonly transport = 'bullmq' as const
  private readonly connection: Redis
  private readonly queue: Queue
  private readonly gate: ReadyGate

  constructor (settings: RedisSettings, retry: RetryPolicy, private readonly log: Logger) {
    this.connection = createProducerConnection(settings.url)
    this.gate = new ReadyGate(this.connection)
    this.connection.on('error', (err) => log.warn({ err }, 'Redis webhook producer connection error'))
    this.queue = new Queue(WEBHOOK_QUEUE, {
      connection: this.connection,
      prefix: settings.prefix,
      defaultJobOptions: {
        attempts: retry.maxAttempts,
        backoff: { type: 'exponential', delay: retry.backoffBaseMs },
        removeOnComplete: { age: 3600, count: 10_000 },
        removeOnFail: { age: 7 * 24 * 3600 }
      }
    })
    this.queue.on('error', (err) => log.warn({ err }, 'webhook queue error'))
  }

  async enqueue (jobs: WebhookJob[]): Promise<void> {
    if (jobs.length === 0) return
    await this.whenReadyThen(() => this.queue.addBulk(jobs.map((job) => ({ name: 'deliver', data: job, opts: { jobId: webhookJobId(job) } }))))
  }

  async ping (): Promise<void> {
    await this.whenReadyThen(() => this.connection.ping())
  }

  async backlog (): Promise<number> {
    return await this.queue.getJobCountByTypes('waiting', 'active', 'delayed', 'prioritized')
  }

  async counts (): Promise<Record<string, number>> {
    return await this.whenReadyThen(() => this.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed'))
  }

  /** A failed job keeps its id (removeOnFail): a delivery still pending in the database gets fresh attempts. */
  async retryFailed (jobs: WebhookJob[]): Promise<number> {
    let retried = 0
    for (const data of jobs) {
      const job = await withTimeout(Job.fromId<WebhookJob>(this.queue, webhookJobId(data)), ENQUEUE_TIMEOUT_MS)
      if (job === undefined || !(await job.isFailed())) continue
      await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true })
      retried++
    }
    return retried
  }

  /** Fails fast while Redis is away (BullMQ would wait for it, bullmq#995): the reconciler catches up. */
  private async whenReadyThen<T> (fn: () => Promise<T>): Promise<T> {
    return await this.gate.run(fn)
  }

  async close (): Promise<void> {
    await this.queue.close().catch((err: unknown) => this.log.warn({ err }, 'closing webhook queue failed'))
    this.connection.disconnect()
  }

  /** For tests and admin tooling only. */
  get raw (): Queue { return this.queue }
}

export interface WebhookWorker {
  worker: Worker
  close (graceMs: number): Promise<void>
}

/**
 * The worker side. Concurrency is what keeps one hanging receiver from delaying the others: each job holds
 * one slot for at most the delivery timeout.
 */
export function startWebhookWorker (options: {
  settings: RedisSettings
  concurrency: number
  handler: JobHandler<WebhookJob>
  log: Logger
}): WebhookWorker {
  const { settings, handler, log } = options
  const connection = createWorkerConnection(settings.url)
  connection.on('error', (err) => log.warn({ err }, 'Redis webhook worker connection error'))
  const counted = countedProcessor(connection, async (job: Job<WebhookJob>) => {
    try {
      await handler(job.data, { jobId: job.id ?? webhookJobId(job.data), attempt: job.attemptsMade + 1 })
    } catch (err) {
      if (err instanceof PermanentJobError) throw new UnrecoverableError(err.message)
      throw err
    }
  })
  const worker = new Worker<WebhookJob>(WEBHOOK_QUEUE, counted.processor, { connection, prefix: settings.prefix, concurrency: options.concurrency, maxStalledCount: 2 })
  worker.on('error', (err) => log.warn({ err }, 'webhook worker error'))
  return {
    worker,
    async close (graceMs: number) {
      await closeWorkerWithin(worker, graceMs, { abandonWhen: counted.idleWithoutRedis })
      connection.disconnect()
    }
  }
}
