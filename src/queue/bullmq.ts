import { Job, Queue, UnrecoverableError, Worker } from 'bullmq'
import { Redis, type RedisOptions } from 'ioredis'
import type { Logger } from 'pino'
import { batchedScoringHandler } from './batched-handler.ts'
import {
  BACKOFF_BASE_MS, isRunChunk, MAX_ATTEMPTS, PermanentJobError, SCORING_QUEUE, scoringJobId,
  type ScoringBatchHandler, type ScoringJob, type ScoringJobHandler, type ScoringQueue
} from './types.ts'

const ENQUEUE_TIMEOUT_MS = 2000
/** Any priority puts a job behind every job without one (BullMQ); all chunks share one, so they stay in order. */
const RUN_CHUNK_PRIORITY = 1

export class QueueUnavailableError extends Error {
  readonly safeMessage = true
  constructor () {
    super('scoring queue is unavailable')
    this.name = 'QueueUnavailableError'
  }
}

export async function withTimeout<T> (promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([promise, new Promise<never>((_resolve, reject) => { timer = setTimeout(() => reject(new QueueUnavailableError()), ms) })])
  } finally {
    clearTimeout(timer)
  }
}

export interface RedisSettings { url: string, prefix: string }

/**
 * Runs calls once a connection is ready, each within ENQUEUE_TIMEOUT_MS, and fails fast when it is gone:
 * BullMQ waits for a connection before add() even with the offline queue off (bullmq#995). A caller that
 * timed out has given up: a call still waiting for the connection is dropped rather than sent whenever Redis
 * returns (the reconciler covers it); one already on the wire when Redis went away may still complete after
 * the reconnect, which job ids make harmless. All callers share one 'ready' listener, so an outage does not
 * pile up a listener per request.
 */
export class ReadyGate {
  private readyWait: Promise<void> | null = null
  constructor (private readonly connection: Redis) {}

  async run<T> (fn: () => Promise<T>): Promise<T> {
    let abandoned = false
    try {
      return await withTimeout(this.whenReady().then(async () => {
        if (abandoned) throw new QueueUnavailableError()
        return await fn()
      }), ENQUEUE_TIMEOUT_MS)
    } catch (err) {
      abandoned = true
      throw err
    }
  }

  private async whenReady (): Promise<void> {
    if (this.connection.status === 'ready') return
    if (this.connection.status === 'end') throw new QueueUnavailableError()
    this.readyWait ??= new Promise<void>((resolve) => this.connection.once('ready', () => {
      this.readyWait = null
      resolve()
    }))
    await this.readyWait
  }
}

/**
 * Stops a worker fetching and lets its jobs in hand finish within graceMs, then forces it: Worker.close()
 * has no timeout of its own and can hang while Redis is unreachable (bullmq#4656).
 */
export async function closeWorkerWithin (worker: Worker, graceMs: number, options: {
  onForced?: () => void
  /**
   * Checked every 100 ms: true when waiting longer can only wait for Redis. BullMQ's close waits for Redis to
   * record the jobs that finished; with Redis gone it waits out the whole grace period, and a shutdown with
   * Redis unreachable took the grace plus a second (11 s by default) where nothing of ours still ran.
   */
  abandonWhen?: () => boolean
} = {}): Promise<void> {
  const timedOut = Symbol('timeout')
  let timer: NodeJS.Timeout | undefined
  let poll: NodeJS.Timeout | undefined
  const abandonWhen = options.abandonWhen
  const result = await Promise.race([
    worker.close(),
    new Promise<symbol>((resolve) => { timer = setTimeout(() => resolve(timedOut), graceMs) }),
    ...(abandonWhen === undefined ? [] : [new Promise<symbol>((resolve) => { poll = setInterval(() => { if (abandonWhen()) resolve(timedOut) }, 100) })])
  ])
  clearTimeout(timer)
  clearInterval(poll)
  if (result === timedOut) {
    options.onForced?.()
    await Promise.race([worker.close(true), new Promise((resolve) => setTimeout(resolve, 1000))])
  }
}

/**
 * A job processor that counts its calls under way, so a shutdown knows when nothing of ours runs any more.
 * `idleWithoutRedis`: nothing runs and the worker's connection is not ready, the case where closeWorkerWithin
 * need not wait (the jobs Redis did not hear finish stall and run again; scoring and deliveries are idempotent).
 */
export function countedProcessor<J, R> (connection: Redis, processor: (job: J) => Promise<R>): { processor: (job: J) => Promise<R>, idleWithoutRedis: () => boolean } {
  let running = 0
  return {
    processor: async (job: J): Promise<R> => {
      running++
      try {
        return await processor(job)
      } finally {
        running--
      }
    },
    idleWithoutRedis: () => running === 0 && connection.status !== 'ready'
  }
}

/**
 * A producer's commands fail fast through ReadyGate's timeout, not through ioredis giving up: with a
 * retry limit, ioredis fails the commands in flight when Redis vanishes, and BullMQ keeps the failure of
 * its Queue's first INFO (its version check) for good, so a queue started during an outage never worked
 * again until the process restarted (test/queue/producer-recovery.test.ts). Without the limit, a command
 * in flight is sent again on reconnect; new commands still fail at once while disconnected (no offline queue).
 */
export function createProducerConnection (url: string): Redis {
  return new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: null, connectTimeout: 2000, lazyConnect: false } satisfies RedisOptions)
}

/** BullMQ requires maxRetriesPerRequest: null for workers (blocking commands must wait out reconnects). */
export function createWorkerConnection (url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, connectTimeout: 5000 })
}

/**
 * BullMQ loses jobs silently under any eviction policy but noeviction
 * (https://docs.bullmq.io/guide/going-to-production). Warn loudly rather than refuse: managed Redis may hide CONFIG.
 */
export async function checkEvictionPolicy (redis: Redis, log: Logger): Promise<string | null> {
  try {
    const reply = await redis.config('GET', 'maxmemory-policy') as string[]
    const policy = reply[1] ?? null
    if (policy !== 'noeviction') {
      log.warn({ policy }, '!!! Redis maxmemory-policy is not "noeviction": queued jobs can be evicted. Set maxmemory-policy noeviction !!!')
    }
    return policy
  } catch (err) {
    log.warn({ err }, '!!! could not read Redis maxmemory-policy; make sure it is "noeviction" !!!')
    return null
  }
}

/**
 * Reads the eviction policy once at start on a short-lived connection of its own that gives up at once:
 * an unreachable Redis only costs a warning, never a delayed start (the reconciler enqueues later).
 */
export async function warnOnEvictionPolicy (url: string, log: Logger): Promise<void> {
  const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: ENQUEUE_TIMEOUT_MS, retryStrategy: () => null })
  redis.on('error', () => {})
  try {
    await withTimeout(new Promise<void>((resolve, reject) => {
      redis.once('ready', () => resolve())
      redis.once('end', () => reject(new QueueUnavailableError()))
    }), ENQUEUE_TIMEOUT_MS)
    await checkEvictionPolicy(redis, log)
  } catch {
    log.warn('Redis is not reachable at start; reports are stored and scored once it is back')
  } finally {
    redis.disconnect()
  }
}

/** Jobs one addBulk carries at most. */
const BATCH_MAX = 500
/** addBulk calls in flight at once; the jobs enqueued while all are busy go together in the next. */
const SENDS_IN_FLIGHT = 2
interface Batch { jobs: ScoringJob[], sent: Promise<void>, release: () => void }

export class BullmqScoringQueue implements ScoringQueue {
  readonly transport = 'bullmq' as const
  private readonly connection: Redis
  private readonly queue: Queue
  /** Batches gathering jobs until a send slot is free, oldest first. */
  private readonly gathering: Batch[] = []
  private inFlight = 0

  private readonly gate: ReadyGate
  constructor (settings: RedisSettings, private readonly log: Logger) {
    this.connection = createProducerConnection(settings.url)
    this.gate = new ReadyGate(this.connection)
    this.connection.on('error', (err) => log.warn({ err }, 'Redis producer connection error'))
    this.queue = new Queue(SCORING_QUEUE, {
      connection: this.connection,
      prefix: settings.prefix,
      defaultJobOptions: {
        attempts: MAX_ATTEMPTS,
        backoff: { type: 'exponential', delay: BACKOFF_BASE_MS },
        removeOnComplete: { age: 3600, count: 10_000 },
        removeOnFail: { age: 7 * 24 * 3600 }
      }
    })
    this.queue.on('error', (err) => log.warn({ err }, 'scoring queue error'))
  }

  /**
   * Jobs travel to Redis at once when a send slot is free; those enqueued while every slot is busy gather
   * and go together in one addBulk when one frees: under load, one round trip for every report committed
   * meanwhile instead of one each, and no added wait when idle. Each caller still learns whether its own
   * jobs made it (a batch succeeds or fails together).
   */
  async enqueue (jobs: ScoringJob[]): Promise<void> {
    if (jobs.length === 0) return
    let batch = this.gathering.at(-1)
    if (batch === undefined || batch.jobs.length >= BATCH_MAX) {
      let release = (): void => {}
      const released = new Promise<void>((resolve) => { release = resolve })
      const opened: Batch = { jobs: [], sent: Promise.resolve(), release }
      opened.sent = released.then(async () => {
        try {
          await this.send(opened.jobs)
        } finally {
          this.inFlight--
          this.sendWaiting()
        }
      })
      this.gathering.push(batch = opened)
      // The jobs enqueued in this turn of the event loop (a report and its linked ones) leave together.
      setImmediate(() => this.sendWaiting())
    }
    batch.jobs.push(...jobs)
    await batch.sent
  }

  /** Sends the gathered batches, oldest first, while a send slot is free. */
  private sendWaiting (): void {
    while (this.inFlight < SENDS_IN_FLIGHT && this.gathering.length > 0) {
      const batch = this.gathering.shift()!
      this.inFlight++
      batch.release()
    }
  }

  private async send (jobs: ScoringJob[]): Promise<void> {
    // BullMQ waits for a connection before add() even with the offline queue off (bullmq#995): fail fast instead.
    // A run's chunks wait behind new filings: BullMQ serves jobs without a priority before prioritized ones.
    await this.whenReadyThen(() => this.queue.addBulk(jobs.map((job) => ({ name: job.kind, data: job, opts: { jobId: scoringJobId(job), ...(isRunChunk(job) ? { priority: RUN_CHUNK_PRIORITY } : {}) } }))))
  }

  async ping (): Promise<void> {
    await this.whenReadyThen(() => this.connection.ping())
  }

  /**
   * A job that failed for good keeps its id in Redis (removeOnFail), so adding it again is a no-op:
   * move such jobs back to waiting with fresh attempts. Which of the given jobs are failed is asked in one
   * round trip, so the reconciler can pass every unscored report: a job can fail without its processor
   * ever recording why (stalled more than maxStalledCount times: the worker died with it in hand).
   * Returns how many were retried.
   */
  async retryFailed (jobs: ScoringJob[]): Promise<number> {
    if (jobs.length === 0) return 0
    const ids = jobs.map(scoringJobId)
    const failedKey = this.queue.keys.failed as string
    const replies = await this.whenReadyThen(async () => {
      const pipeline = this.connection.pipeline()
      for (const id of ids) pipeline.zscore(failedKey, id)
      return await pipeline.exec() ?? []
    })
    let retried = 0
    for (const [i, id] of ids.entries()) {
      const [err, score] = replies[i] ?? [null, null]
      if (err !== null || score === null) continue
      const job = await withTimeout(Job.fromId<ScoringJob>(this.queue, id), ENQUEUE_TIMEOUT_MS)
      if (job === undefined) continue
      // Another replica's reconciler may have retried it meanwhile: then it is no longer failed.
      try {
        await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true })
        retried++
      } catch (error) {
        if (await job.isFailed()) throw error
      }
    }
    return retried
  }

  private async whenReadyThen<T> (fn: () => Promise<T>): Promise<T> {
    return await this.gate.run(fn)
  }

  async backlog (): Promise<number> {
    return await this.queue.getJobCountByTypes('waiting', 'active', 'delayed', 'prioritized')
  }

  async counts (): Promise<Record<string, number>> {
    return await this.whenReadyThen(() => this.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed'))
  }

  async oldestWaitingMs (): Promise<number | null> {
    return await this.whenReadyThen(async () => {
      const [oldest] = await this.queue.getJobs(['waiting'], 0, 0, true)
      return oldest === undefined ? null : Math.max(0, Date.now() - oldest.timestamp)
    })
  }

  async close (): Promise<void> {
    // Jobs of reports already committed go out before the connection does (a failure is the caller's to log).
    const pending = [...this.gathering]
    this.sendWaiting()
    await Promise.all(pending.map(async (b) => await b.sent.catch(() => {})))
    await this.queue.close().catch((err: unknown) => this.log.warn({ err }, 'closing scoring queue failed'))
    this.connection.disconnect()
  }

  /** For tests and admin tooling only. */
  get raw (): Queue { return this.queue }
}

export interface ScoringWorker {
  worker: Worker
  /** Stops fetching, lets the job in hand finish (up to graceMs), then force-closes. */
  close (graceMs: number): Promise<void>
}

export interface WorkerTuning {
  /** How long a job's lock lasts without renewal; a killed worker's jobs return to waiting after it. */
  lockDurationMs?: number
  /** How often the stalled-job checker looks for jobs whose lock expired. */
  stalledIntervalMs?: number
}

export function startScoringWorker (options: {
  settings: RedisSettings
  concurrency: number
  handler: ScoringJobHandler
  /**
   * When set, concurrent jobs share one batch handler call (one transaction) of up to maxSize jobs, at most
   * maxConcurrent (default 4) batches at once: a job that finds no batch running leaves at once, the jobs
   * fetched while batches run wait up to 2 ms for company (micro-batch.ts).
   */
  batch?: { handler: ScoringBatchHandler, maxSize: number, maxConcurrent?: number }
  tuning?: WorkerTuning
  log: Logger
}): ScoringWorker {
  const { settings, handler, log } = options
  const connection = createWorkerConnection(settings.url)
  connection.on('error', (err) => log.warn({ err }, 'Redis worker connection error'))
  const run = options.batch === undefined || options.batch.maxSize <= 1 ? handler : batchedScoringHandler(options.batch.handler, options.batch, handler)
  const counted = countedProcessor(connection, async (job: Job<ScoringJob>) => {
    const meta = { jobId: job.id ?? scoringJobId(job.data), attempt: job.attemptsMade + 1, enqueuedAt: job.timestamp }
    try {
      await run(job.data, meta)
    } catch (err) {
      if (err instanceof PermanentJobError) throw new UnrecoverableError(err.message)
      throw err
    }
  })
  const worker = new Worker<ScoringJob>(SCORING_QUEUE, counted.processor, {
    connection,
    prefix: settings.prefix,
    concurrency: options.concurrency,
    maxStalledCount: 2,
    ...(options.tuning?.lockDurationMs === undefined ? {} : { lockDuration: options.tuning.lockDurationMs }),
    ...(options.tuning?.stalledIntervalMs === undefined ? {} : { stalledInterval: options.tuning.stalledIntervalMs })
  })
  // An unhandled 'error' event would crash the process; BullMQ reconnects by itself.
  worker.on('error', (err) => log.warn({ err }, 'scoring worker error'))
  worker.on('failed', (job, err) => log.warn({ err, jobId: job?.id, attempt: job?.attemptsMade }, 'scoring job failed'))
  worker.on('stalled', (jobId) => log.warn({ jobId }, 'scoring job stalled; it will run again'))
  return {
    worker,
    async close (graceMs: number) {
      await closeWorkerWithin(worker, graceMs, {
        onForced: () => log.warn('scoring worker did not finish in time, or Redis is away with nothing left running; forcing close, stalled-job recovery will rerun what Redis did not hear finish'),
        abandonWhen: counted.idleWithoutRedis
      })
      connection.disconnect()
    }
  }
}
