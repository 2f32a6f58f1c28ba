import { Semaphore } from 'async-mutex'
import { sql } from 'drizzle-orm'
import { SYSTEM_CONTEXT, withContext } from '../db/context.ts'
import { settleRunChunk, type RunChunk } from '../db/queries/rescoring-runs.ts'
import { recordFailures, type FailureRecord } from '../db/queries/scoring-failures.ts'
import { loadRunChunkInputs } from '../db/queries/scoring-inputs.ts'
import { writeScores } from '../db/queries/scores.ts'
import { errorCode, type ReportRevisionKey } from '../db/queries/sql-helpers.ts'
import { RULESET_VERSION } from '../domain/index.ts'
import { MAX_ATTEMPTS, PermanentJobError, type JobMeta, type ScoringJob } from '../queue/types.ts'
import { enqueueDeliveries, recordScoreFailed } from '../webhooks/events.ts'
import { RulesError, ScoringFailedError, scoreRevisions, type BatchScorerDeps } from './score-batch.ts'

/** Items a rescoring run's chunk job covers: one load, one write and one settle for this many reports. */
export const RUN_CHUNK_SIZE = 2000
/**
 * Chunks one process scores at once, whatever the transport's concurrency: two keep both cores busy (one
 * chunk's rules in JavaScript while the other's write runs in PostgreSQL); more only queue for the same cores.
 */
export const RUN_CHUNKS_AT_ONCE = 2
/** work_mem of a chunk's write transaction (two at once per worker): its parameter and transition tables in memory. */
const CHUNK_WORK_MEM = '32MB'

/** Where a chunk's time went, for the benchmark and the logs. */
export interface ChunkTimings { items: number, loadMs: number, scoreMs: number, writeMs: number }

export type RunChunkScorer = (job: ScoringJob & { runId: string, through: string }, meta: JobMeta) => Promise<void>

const keyOf = (k: ReportRevisionKey): string => `${k.kind}/${k.reportId}/${k.revision}`

/**
 * Scores one chunk of a rescoring run: one transaction reads the chunk's pending items and their inputs,
 * the pure rules run, one transaction writes every score (write_scores: the same revision and ruleset guard,
 * the same webhook outbox rows as any score) and settles the chunk's items and the run's counters with them.
 * Reports the rules reject or that are gone are settled failed; a database error fails the whole chunk, which
 * its transport retries, and on the last attempt settles its pending items failed so the run still finishes.
 */
export function createRunChunkScorer (deps: BatchScorerDeps & { onChunk?: (timings: ChunkTimings) => void, chunksAtOnce?: number }): RunChunkScorer {
  const maxAttempts = deps.maxAttempts ?? MAX_ATTEMPTS
  const slots = new Semaphore(deps.chunksAtOnce ?? RUN_CHUNKS_AT_ONCE)
  return async (job, meta) => {
    const chunk: RunChunk = { runId: job.runId, kind: job.kind, from: job.reportId, through: job.through }
    await slots.runExclusive(async () => {
      let keys: ReportRevisionKey[] = []
      try {
        const t0 = performance.now()
        const { inputs, items } = await withContext(deps.db, SYSTEM_CONTEXT, (tx) => loadRunChunkInputs(tx, chunk))
        keys = items
        const t1 = performance.now()
        const permanent = new Map<string, PermanentJobError>()
        const found = new Set(inputs.revisions.map(keyOf))
        for (const k of items) if (!found.has(keyOf(k))) permanent.set(keyOf(k), new PermanentJobError('report revision not found'))
        const scored = scoreRevisions(inputs, permanent)
        const t2 = performance.now()
        const rulesFailures = items.filter((k) => permanent.get(keyOf(k)) instanceof RulesError)
          .map((k) => failureOf(k, meta, { final: true, permanent: true, reason: 'rules_error' }))
        const deliveries = await withContext(deps.db, SYSTEM_CONTEXT, async (tx) => {
          // A chunk's 2,000 scores are about 6 MB of parsed parameter, and as much again in the triggers'
          // transition tables: past the default work_mem (4 MB) each went through a temporary file.
          await tx.execute(sql`select set_config('work_mem', ${CHUNK_WORK_MEM}, true)`)
          const written = await writeScores(tx, scored)
          await recordFailures(tx, rulesFailures)
          const failedEvents = await recordScoreFailed(tx, rulesFailures)
          await settleRunChunk(tx, chunk, { failed: items.filter((k) => permanent.has(keyOf(k))).map((k) => k.reportId) })
          return [...written.deliveries, ...failedEvents]
        })
        deps.onChunk?.({ items: items.length, loadMs: t1 - t0, scoreMs: t2 - t1, writeMs: performance.now() - t2 })
        await enqueueDeliveries(deps.webhooks, deliveries, deps.log)
        if (permanent.size > 0) deps.log.warn({ runId: chunk.runId, failed: permanent.size }, 'rescoring run items failed permanently')
      } catch (error) {
        deps.log.warn({ err: error, runId: chunk.runId, items: keys.length, attempt: meta.attempt }, 'rescoring chunk failed; it will be retried')
        if (meta.attempt >= maxAttempts) await settleFailedChunk(deps, chunk, keys, meta)
        // Only a fixed message and the error code leave (a driver error's message can quote SQL parameters).
        throw new ScoringFailedError(errorCode(error))
      }
    })
  }
}

function failureOf (key: ReportRevisionKey, meta: JobMeta, outcome: Pick<FailureRecord, 'final' | 'permanent' | 'reason'>): FailureRecord {
  return { kind: key.kind, reportId: key.reportId, revision: key.revision, rulesetVersion: RULESET_VERSION, attempts: meta.attempt, ...outcome }
}

/**
 * The chunk's last attempt failed: its pending items are settled failed, with a final failure recorded for
 * each item it had read, so neither the run nor a score read waits for them. Best effort: the database may
 * be what failed; the run's items then stay pending and the reconciler enqueues the chunk again.
 */
async function settleFailedChunk (deps: BatchScorerDeps, chunk: RunChunk, keys: readonly ReportRevisionKey[], meta: JobMeta): Promise<void> {
  try {
    const deliveries = await withContext(deps.db, SYSTEM_CONTEXT, async (tx) => {
      const failures = keys.map((k) => failureOf(k, meta, { final: true, permanent: false, reason: 'transient_error' }))
      await recordFailures(tx, failures)
      await settleRunChunk(tx, chunk, { failAll: true })
      // In a savepoint, as for a batch's (score-batch.ts): the outbox reads scores, which may be what failed.
      try {
        return await tx.transaction(async (savepoint) => await recordScoreFailed(savepoint, failures))
      } catch (err) {
        deps.log.warn({ err, reports: failures.length }, 'could not record score.failed webhook events')
        return []
      }
    })
    await enqueueDeliveries(deps.webhooks, deliveries, deps.log)
  } catch (err) {
    deps.log.warn({ err, runId: chunk.runId }, 'could not record the rescoring chunk\'s failure')
  }
}
