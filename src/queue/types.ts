/** The single contract between the API and the workers. Payloads carry ids only, never personal data. */
export interface ScoringJob {
  kind: 'red_notice' | 'assurance'
  reportId: string
  revision: number
  /** Set when the job belongs to a tracked rescoring run. */
  runId?: string
  /**
   * `<reportId>-r<revision>` of a linked report whose change prompted this rescoring. Only part of the job id:
   * without it a completed job for the same revision, still kept by BullMQ, would swallow the new one.
   */
  after?: string
  /**
   * Set on a rescoring run's chunk job: the job scores the run's pending items of `kind` whose report id
   * lies from `reportId` through this one (revision is then 0). A run is a few hundred such jobs, not one per report.
   */
  through?: string
}

/** A rescoring run's chunk job (ScoringJob.through set). */
export function isRunChunk (job: ScoringJob): job is ScoringJob & { runId: string, through: string } {
  return job.through !== undefined && job.runId !== undefined
}

export interface JobMeta {
  jobId: string
  attempt: number
  /** When the job was enqueued (ms since the epoch), where the transport keeps it. */
  enqueuedAt?: number
}

export type ScoringJobHandler = (job: ScoringJob, meta: JobMeta) => Promise<void>

export interface BatchItem { job: ScoringJob, meta: JobMeta }
export type Outcome = { ok: true } | { ok: false, error: Error }
/** Handles many jobs at once (one transaction); answers one outcome per item, in order. */
export type ScoringBatchHandler = (items: readonly BatchItem[]) => Promise<Outcome[]>

/** What the API and the reconcilers need of a transport, whatever it carries. */
export interface JobQueue<T> {
  readonly transport: 'bullmq' | 'in-process'
  /** Hands jobs to the transport. Throws when the transport is down; callers decide whether that matters. */
  enqueue (jobs: T[]): Promise<void>
  /** Throws when the transport cannot take jobs. */
  ping (): Promise<void>
  /** Jobs waiting or running, for health and metrics. */
  backlog (): Promise<number>
  /** Jobs per state (waiting, active, delayed, failed, completed…), for metrics. */
  counts (): Promise<Record<string, number>>
  /** How long the oldest waiting job has waited, in ms (null: none waiting), for metrics. */
  oldestWaitingMs? (): Promise<number | null>
  /** Transports that keep failed jobs under their id (BullMQ) put these back to work; returns how many. */
  retryFailed? (jobs: T[]): Promise<number>
  close (): Promise<void>
}

export interface ScoringQueue extends JobQueue<ScoringJob> {}

export type JobHandler<T> = (job: T, meta: JobMeta) => Promise<void>

/** A webhook delivery to attempt: the outbox row's id only (the row holds the event; the queue holds nothing else). */
export interface WebhookJob { deliveryId: string }

export interface WebhookQueue extends JobQueue<WebhookJob> {}

export const WEBHOOK_QUEUE = 'webhooks'

/** One job per delivery row: enqueueing a delivery twice (after commit, then the reconciler) runs it once. */
export function webhookJobId (job: WebhookJob): string {
  return `webhook-${job.deliveryId}`
}

/** A job that can never succeed (its report is gone): retrying would only hide the failure. */
export class PermanentJobError extends Error {
  readonly safeMessage = true
  constructor (message: string) {
    super(message)
    this.name = 'PermanentJobError'
  }
}

/** BullMQ job ids may not contain ':' and must not be all digits; this one is also stable for dedup. */
export function scoringJobId (job: ScoringJob): string {
  return `score-${job.kind}-${job.reportId}-r${job.revision}${job.runId === undefined ? '' : `-run-${job.runId}`}${job.after === undefined ? '' : `-after-${job.after}`}${job.through === undefined ? '' : `-through-${job.through}`}`
}

export const SCORING_QUEUE = 'scoring'
export const MAX_ATTEMPTS = 8
export const BACKOFF_BASE_MS = 1000
