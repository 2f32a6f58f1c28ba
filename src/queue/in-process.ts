import type { Logger } from 'pino'
import { BACKOFF_BASE_MS, MAX_ATTEMPTS, PermanentJobError, scoringJobId, type JobHandler, type JobQueue, type ScoringJob } from './types.ts'

interface Options<T> {
  handler: JobHandler<T>
  concurrency: number
  /** The job's dedup id; defaults to the scoring job id. */
  jobId?: (job: T) => string
  /** What the log lines call these jobs (default `scoring`). */
  name?: string
  log: Logger
  maxAttempts?: number
  backoffBaseMs?: number
}

/**
 * Embedded-mode transport: runs the same handler as the BullMQ worker inside the API process.
 * Nothing here needs to survive a crash: the reconciler re-derives unscored work from the database.
 */
export class InProcessQueue<T = ScoringJob> implements JobQueue<T> {
  readonly transport = 'in-process' as const
  private readonly pending = new Map<string, T>()
  private readonly waiting: string[] = []
  private readonly enqueuedAt = new Map<string, number>()
  private readonly timers = new Set<NodeJS.Timeout>()
  private running = 0
  private closed = false
  private idleWaiters: Array<() => void> = []

  constructor (private readonly options: Options<T>) {}

  private idOf (job: T): string {
    return this.options.jobId === undefined ? scoringJobId(job as unknown as ScoringJob) : this.options.jobId(job)
  }

  async enqueue (jobs: T[]): Promise<void> {
    if (this.closed) throw new Error('queue is closed')
    for (const job of jobs) {
      const id = this.idOf(job)
      if (this.pending.has(id)) continue
      this.pending.set(id, job)
      this.waiting.push(id)
      this.enqueuedAt.set(id, Date.now())
    }
    this.pump()
  }

  async ping (): Promise<void> {
    if (this.closed) throw new Error('queue is closed')
  }

  async backlog (): Promise<number> {
    return this.pending.size
  }

  async oldestWaitingMs (): Promise<number | null> {
    const head = this.waiting[0]
    const since = head === undefined ? undefined : this.enqueuedAt.get(head)
    return since === undefined ? null : Date.now() - since
  }

  async counts (): Promise<Record<string, number>> {
    return { waiting: this.waiting.length, active: this.running, scheduled: this.pending.size - this.waiting.length - this.running }
  }

  /** Resolves once nothing is waiting, running or scheduled for retry. */
  async drain (): Promise<void> {
    if (this.pending.size === 0) return
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve))
  }

  async close (): Promise<void> {
    this.closed = true
    // Each retry waiting on a timer counts as running (see retryOrFail); cancelled, it never will run.
    for (const timer of this.timers) {
      clearTimeout(timer)
      this.running--
    }
    this.timers.clear()
    this.waiting.length = 0
    while (this.running > 0) await new Promise((resolve) => setTimeout(resolve, 10))
  }

  private pump (): void {
    while (!this.closed && this.running < this.options.concurrency && this.waiting.length > 0) {
      const id = this.waiting.shift() as string
      const enqueuedAt = this.enqueuedAt.get(id)
      this.enqueuedAt.delete(id)
      this.run(id, 1, enqueuedAt)
    }
  }

  private run (id: string, attempt: number, enqueuedAt?: number): void {
    const job = this.pending.get(id)
    if (job === undefined) return
    this.running++
    this.options.handler(job, enqueuedAt === undefined ? { jobId: id, attempt } : { jobId: id, attempt, enqueuedAt })
      .then(() => { this.pending.delete(id) })
      .catch((err: unknown) => this.retryOrFail(id, attempt, err))
      .finally(() => {
        this.running--
        this.pump()
        if (this.pending.size === 0) this.notifyIdle()
      })
  }

  private retryOrFail (id: string, attempt: number, err: unknown): void {
    const maxAttempts = this.options.maxAttempts ?? MAX_ATTEMPTS
    if (err instanceof PermanentJobError || attempt >= maxAttempts || this.closed) {
      this.pending.delete(id)
      this.options.log.error({ err, jobId: id, attempt }, `${this.options.name ?? 'scoring'} job failed for good`)
      return
    }
    const delay = (this.options.backoffBaseMs ?? BACKOFF_BASE_MS) * 2 ** (attempt - 1)
    this.options.log.warn({ err, jobId: id, attempt, retryInMs: delay }, `${this.options.name ?? 'scoring'} job failed, will retry`)
    // The job stays in `pending` during the wait so drain() does not resolve early.
    this.running++
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      this.running--
      this.run(id, attempt + 1)
    }, delay)
    timer.unref()
    this.timers.add(timer)
  }

  private notifyIdle (): void {
    const waiters = this.idleWaiters
    this.idleWaiters = []
    for (const resolve of waiters) resolve()
  }
}
