import { Queue, Worker, type Job } from 'bullmq'
import type { Logger } from 'pino'
import { closeWorkerWithin, countedProcessor, createWorkerConnection, type RedisSettings } from './bullmq.ts'

export const MAINTENANCE_QUEUE = 'maintenance'
export const RECONCILE_SCHEDULER = 'reconcile'

export interface Maintenance { close (graceMs: number): Promise<void> }

/**
 * Production's reconciler: a BullMQ job scheduler, so with any number of worker replicas one reconcile job
 * exists per interval and exactly one worker runs it. Every replica upserts the scheduler at start, whenever
 * its connection becomes ready again, and once per interval: upserting is idempotent (a scheduled next job
 * keeps its time), and it brings the schedule back wherever it broke, which would otherwise stop reconciling
 * for good: Redis lost its data (a restart without persistence: the connection drops; FLUSHALL: it does not),
 * or refused to store the next iteration (out of memory, security.md S4: test/faults/redis-oom.test.ts).
 */
export function startMaintenance (options: { settings: RedisSettings, everyMs: number, reconcile: () => Promise<unknown>, log: Logger }): Maintenance {
  const { settings, log } = options
  // Waits out outages rather than failing fast: nothing is waiting on these calls.
  const queueConnection = createWorkerConnection(settings.url)
  queueConnection.on('error', (err) => log.warn({ err }, 'Redis maintenance connection error'))
  const queue = new Queue(MAINTENANCE_QUEUE, { connection: queueConnection, prefix: settings.prefix })
  queue.on('error', (err) => log.warn({ err }, 'maintenance queue error'))
  const upsert = (): void => {
    queue.upsertJobScheduler(RECONCILE_SCHEDULER, { every: options.everyMs }, {
      name: 'reconcile',
      data: {},
      opts: { attempts: 1, removeOnComplete: { count: 10 }, removeOnFail: { count: 50 } }
    }).catch((err: unknown) => log.warn({ err }, 'could not register the reconcile scheduler; retrying when Redis is back'))
  }
  queueConnection.on('ready', upsert)
  if (queueConnection.status === 'ready') upsert()
  const everyInterval = setInterval(() => { if (queueConnection.status === 'ready') upsert() }, options.everyMs)
  everyInterval.unref()

  const workerConnection = createWorkerConnection(settings.url)
  workerConnection.on('error', (err) => log.warn({ err }, 'Redis maintenance worker connection error'))
  const counted = countedProcessor(workerConnection, async (job: Job) => {
    if (job.name !== 'reconcile') return
    await options.reconcile()
  })
  const worker = new Worker(MAINTENANCE_QUEUE, counted.processor, { connection: workerConnection, prefix: settings.prefix, concurrency: 1 })
  worker.on('error', (err) => log.warn({ err }, 'maintenance worker error'))
  worker.on('failed', (job, err) => log.warn({ err, jobId: job?.id }, 'reconcile job failed; the next one retries'))

  return {
    async close (graceMs: number) {
      queueConnection.off('ready', upsert)
      clearInterval(everyInterval)
      await closeWorkerWithin(worker, graceMs, { abandonWhen: counted.idleWithoutRedis })
      await Promise.race([queue.close(), new Promise((resolve) => setTimeout(resolve, 1000))]).catch(() => {})
      workerConnection.disconnect()
      queueConnection.disconnect()
    }
  }
}
