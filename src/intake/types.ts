import type { FastifyBaseLogger } from 'fastify'
import type { CryptoSecrets } from '../crypto/index.ts'
import type { Database } from '../db/client.ts'
import { SYSTEM_CONTEXT, withContext, type DbContext } from '../db/context.ts'
import { reportsLinkedTo } from '../db/queries/scoring-inputs.ts'
import type { Role } from '../db/queries/api-keys.ts'
import type { ScoringJob, ScoringQueue } from '../queue/types.ts'

export interface IntakeDeps { db: Database, secrets: CryptoSecrets, queue: ScoringQueue, log: FastifyBaseLogger }

/** Who acts, for row-level security and the audit log. */
export interface Actor { apiKeyId: string, partnerId: string, role: Role, requestId: string }

export const contextFor = (actor: Actor): DbContext => ({ role: actor.role, partnerId: actor.partnerId })

export const auditActor = (actor: Actor) => ({ actorPartnerId: actor.partnerId, actorKeyId: actor.apiKeyId, requestId: actor.requestId })

/**
 * Hands a committed report to the scoring queue without making the caller wait: if Redis is down the
 * report is already safe in the database and the reconciler enqueues it later.
 */
export function enqueueAfterCommit (deps: IntakeDeps, job: ScoringJob): void {
  deps.queue.enqueue([job]).catch((err: unknown) => {
    deps.log.warn({ err, reportId: job.reportId, revision: job.revision }, 'could not enqueue scoring; the reconciler will pick it up')
  })
}

/**
 * Linked reports feed each other's scoring context: after a report changes, the reports whose score it can move
 * (reportsLinkedTo) are scored again at their current revision (an unchanged result writes nothing). Best effort,
 * after commit.
 */
export function rescoreLinkedAfterCommit (deps: IntakeDeps, report: Parameters<typeof reportsLinkedTo>[1] & { revision: number }, cause?: string): void {
  withContext(deps.db, SYSTEM_CONTEXT, (tx) => reportsLinkedTo(tx, report))
    .then((linked) => { enqueueLinkedAfterCommit(deps, report, linked, cause) })
    .catch((err: unknown) => { deps.log.warn({ err, reportId: report.id }, 'could not rescore the linked reports') })
}

/**
 * rescoreLinkedAfterCommit for linked reports already known (a new report's filing names them). `cause` names
 * what changed when it is not a new revision (a withdrawal), so that its jobs are not taken for the revision's.
 */
export function enqueueLinkedAfterCommit (deps: IntakeDeps, report: { id: string, revision: number }, linked: ReadonlyArray<{ id: string, revision: number }>, cause = `r${report.revision}`): void {
  if (linked.length === 0) return
  deps.queue.enqueue(linked.map((other) => ({ kind: 'red_notice' as const, reportId: other.id, revision: other.revision, after: `${report.id}-${cause}` })))
    .catch((err: unknown) => { deps.log.warn({ err, reportId: report.id }, 'could not rescore the linked reports') })
}

export const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString())
