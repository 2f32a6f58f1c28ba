import type { Logger } from 'pino'
import type { Database } from '../db/client.ts'
import { SYSTEM_CONTEXT, withContext, type Transaction } from '../db/context.ts'
import { settleRunItems } from '../db/queries/rescoring-runs.ts'
import { recordFailures, type FailureRecord } from '../db/queries/scoring-failures.ts'
import { loadScoringInputs, type LinkedReport, type ScoringInputs } from '../db/queries/scoring-inputs.ts'
import { writeScores, type NewScore } from '../db/queries/scores.ts'
import { errorCode, type ReportRevisionKey } from '../db/queries/sql-helpers.ts'
import {
  defaultCountryContext, RULESET_VERSION, scoreAssuranceCompact, scoreRedNoticeCompact, summariseLinkedReports,
  type CompactScoreResult, type CountryContext
} from '../domain/index.ts'
import { MAX_ATTEMPTS, PermanentJobError, type BatchItem, type JobMeta, type Outcome, type ScoringBatchHandler, type ScoringJob, type WebhookQueue } from '../queue/types.ts'
import { enqueueDeliveries, recordScoreFailed } from '../webhooks/events.ts'
import { linkedReportIdsOf, toAssuranceFacts, toRedNoticeFacts } from './facts.ts'

export interface BatchScorerDeps {
  db: Database
  log: Logger
  /** Attempts a transport makes before giving up; decides when a failure is recorded as final. */
  maxAttempts?: number
  /** Where the webhook deliveries a batch records go after commit; without it the reconciler enqueues them. */
  webhooks?: WebhookQueue
}

const keyOf = (k: { kind: string, reportId: string, revision: number }): string => `${k.kind}/${k.reportId}/${k.revision}`

/**
 * Scores a batch of jobs in two round trips: one statement loads the revisions, their countries and linked
 * reports; the pure scorer runs; one statement writes every score with its webhook outbox rows (in that
 * statement's transaction, or in one with the run progress and failures when the batch has any). Jobs that
 * cannot succeed (report gone, rules reject it) fail alone with a PermanentJobError; a database error
 * fails the whole batch, and each job is retried by its transport.
 */
export function createBatchScorer (deps: BatchScorerDeps): ScoringBatchHandler {
  const maxAttempts = deps.maxAttempts ?? MAX_ATTEMPTS
  return async (items) => {
    const permanent = new Map<string, PermanentJobError>()
    let deliveries: string[] = []
    try {
      const keys = uniqueKeys(items.map((i) => i.job))
      const inputs = await loadScoringInputs(deps.db, keys)
      const found = new Set(inputs.revisions.map(keyOf))
      for (const k of keys) if (!found.has(keyOf(k))) permanent.set(keyOf(k), new PermanentJobError('report revision not found'))
      const scored = scoreRevisions(inputs, permanent)
      const rulesFailures = items.flatMap(({ job, meta }) => permanent.get(keyOf(job)) instanceof RulesError
        ? [failureOf(job, meta, { final: true, permanent: true, reason: 'rules_error' })]
        : [])
      if (rulesFailures.length === 0 && items.every(({ job }) => job.runId === undefined)) {
        // The webhook outbox is written with the scores: an event exists exactly when its score committed.
        deliveries = (await writeScores(deps.db, scored)).deliveries
      } else {
        // Run items and failures move with the scores, in their transaction: progress can never count a
        // score that rolled back.
        deliveries = await withContext(deps.db, SYSTEM_CONTEXT, async (tx) => {
          const written = await writeScores(tx, scored)
          await settleRuns(tx, items, permanent)
          await recordFailures(tx, rulesFailures)
          return [...written.deliveries, ...await recordScoreFailed(tx, rulesFailures)]
        })
      }
    } catch (error) {
      deps.log.warn({ err: error, jobs: items.length, reports: items.map((i) => i.job.reportId) }, 'scoring batch failed; its jobs will be retried')
      await recordTransientFailures(deps, items, maxAttempts)
      // The queue stores a failed job's message in Redis: a driver error's message can quote SQL parameters
      // (facts, contributions), so only a fixed message and the error code leave this function.
      const safe = new ScoringFailedError(errorCode(error))
      return items.map(() => ({ ok: false, error: safe }))
    }
    await enqueueDeliveries(deps.webhooks, deliveries, deps.log)
    for (const [key, error] of permanent) deps.log.warn({ report: key, reason: error.message }, 'scoring job failed permanently')
    return items.map(({ job }): Outcome => {
      const error = permanent.get(keyOf(job))
      return error === undefined ? { ok: true } : { ok: false, error }
    })
  }
}

/** The pure rules threw on this report: every retry would fail the same way until the ruleset changes. */
export class RulesError extends PermanentJobError {
  constructor () { super('the scoring rules failed on this report') }
}

/** A retryable failure whose message is ours: safe for logs, Redis and the failure record. */
export class ScoringFailedError extends Error {
  readonly safeMessage = true
  constructor (readonly code: string) {
    super(`scoring failed (${code}); the job will be retried`)
    this.name = 'ScoringFailedError'
  }
}

function uniqueKeys (jobs: readonly ScoringJob[]): ReportRevisionKey[] {
  const seen = new Map<string, ReportRevisionKey>()
  for (const j of jobs) seen.set(keyOf(j), { kind: j.kind, reportId: j.reportId, revision: j.revision })
  return [...seen.values()]
}

/** The pure rules over loaded inputs; a report the rules throw on is marked permanent and left out. */
export function scoreRevisions ({ revisions, countries, linked }: ScoringInputs, permanent: Map<string, PermanentJobError>): NewScore[] {
  const country = (code: unknown): CountryContext | null =>
    typeof code !== 'string' ? null : countries.get(code) ?? defaultCountryContext(code)
  // By subject, in load order: a run's chunk scores thousands of revisions against thousands of linked reports.
  const bySubject = new Map<string, LinkedReport[]>()
  for (const o of linked.bySubject) {
    const list = bySubject.get(o.subjectId)
    if (list === undefined) bySubject.set(o.subjectId, [o])
    else list.push(o)
  }
  const out: NewScore[] = []
  for (const r of revisions) {
    let result: CompactScoreResult
    try {
      if (r.kind === 'red_notice') {
        // docs/disclosure-policy.md: the same partner's reports count in full where they share a blind index with
        // this one (ownMatches, whatever their subject), or where the secretariat confirmed both on this subject;
        // never because they merely share its subject, which another partner's report can bridge. Another
        // partner's reports count only once the secretariat confirmed both, and by kind only (summariseLinkedReports).
        const sameSubject = (r.subjectId === null ? [] : bySubject.get(r.subjectId) ?? []).filter((o) => o.id !== r.reportId)
        const own = [...new Map([
          ...(linked.ownMatches.get(r.reportId) ?? []).filter((o) => o.partnerId === r.partnerId),
          ...(r.confirmed ? sameSubject.filter((o) => o.partnerId === r.partnerId && o.confirmed) : [])
        ].map((o) => [o.id, o])).values()]
        const ownIds = new Set(own.map((o) => o.id))
        const confirmedOthers = r.confirmed ? sameSubject.filter((o) => o.partnerId !== r.partnerId && o.confirmed) : []
        const named = new Set(linkedReportIdsOf(r.facts))
        // Relatives are the partner's own reports: linkedReportIds cannot name another partner's (and older
        // rows that did are not counted), so no partner can move another's score by naming its report.
        const relatives = linked.relatives.filter((o) => o.id !== r.reportId && !ownIds.has(o.id) && o.partnerId === r.partnerId &&
          (named.has(o.id) || linkedReportIdsOf(o.facts).includes(r.reportId)))
        const facts = (reports: typeof sameSubject) => reports.map((o) => toRedNoticeFacts(o.facts))
        result = scoreRedNoticeCompact(toRedNoticeFacts(r.facts), {
          requestingCountry: country(r.facts.requestingCountry),
          countryOf: country,
          linked: summariseLinkedReports(facts(own), facts(relatives), facts(confirmedOthers))
        })
      } else {
        result = scoreAssuranceCompact(toAssuranceFacts(r.facts), { givingState: country(r.facts.givingState) })
      }
    } catch {
      // The rules are pure: the same report fails the same way on every retry until the ruleset changes.
      permanent.set(keyOf(r), new RulesError())
      continue
    }
    out.push({
      kind: r.kind,
      reportId: r.reportId,
      partnerId: r.partnerId,
      revision: r.revision,
      rulesetVersion: result.rulesetVersion,
      score: result.score,
      band: result.band,
      rawTotal: result.rawTotal,
      contributions: result.contributions
    })
  }
  return out
}

/** Run items move with the score, in its transaction: progress can never count a score that rolled back. */
async function settleRuns (tx: Transaction, items: readonly BatchItem[], permanent: Map<string, PermanentJobError>): Promise<void> {
  const byRun = new Map<string, { done: ReportRevisionKey[], failed: ReportRevisionKey[] }>()
  for (const { job } of items) {
    if (job.runId === undefined) continue
    const entry = byRun.get(job.runId) ?? { done: [], failed: [] }
    const key = { kind: job.kind, reportId: job.reportId, revision: job.revision }
    ;(permanent.has(keyOf(job)) ? entry.failed : entry.done).push(key)
    byRun.set(job.runId, entry)
  }
  for (const [runId, { done, failed }] of byRun) {
    await settleRunItems(tx, runId, done, 'done')
    await settleRunItems(tx, runId, failed, 'failed')
  }
}

function failureOf (job: ScoringJob, meta: JobMeta, outcome: Pick<FailureRecord, 'final' | 'permanent' | 'reason'>): FailureRecord {
  return { kind: job.kind, reportId: job.reportId, revision: job.revision, rulesetVersion: RULESET_VERSION, attempts: meta.attempt, ...outcome }
}

/**
 * Best effort, in a transaction of its own: the database may be what failed. A job on its last attempt is
 * recorded as final, and its run item as failed, so neither a read nor a run waits for it forever.
 */
async function recordTransientFailures (deps: BatchScorerDeps, items: readonly BatchItem[], maxAttempts: number): Promise<void> {
  try {
    const deliveries = await withContext(deps.db, SYSTEM_CONTEXT, async (tx) => {
      await recordFailures(tx, items.map(({ job, meta }) => failureOf(job, meta, { final: meta.attempt >= maxAttempts, permanent: false, reason: 'transient_error' })))
      const final = items.filter(({ meta }) => meta.attempt >= maxAttempts)
      const failed = new Map(final.map(({ job }) => [keyOf(job), new PermanentJobError('attempts exhausted')]))
      await settleRuns(tx, final, failed)
      if (final.length === 0) return []
      // In a savepoint: the outbox reads scores, which may be what failed (a lock held on it); recording the
      // failure itself matters more than its webhook event, which is then lost (and logged).
      try {
        return await tx.transaction(async (savepoint) => await recordScoreFailed(savepoint, final.map(({ job }) => ({
          kind: job.kind, reportId: job.reportId, revision: job.revision, rulesetVersion: RULESET_VERSION
        }))))
      } catch (err) {
        deps.log.warn({ err, reports: final.length }, 'could not record score.failed webhook events')
        return []
      }
    })
    await enqueueDeliveries(deps.webhooks, deliveries, deps.log)
  } catch (err) {
    deps.log.warn({ err }, 'could not record the scoring failure')
  }
}
