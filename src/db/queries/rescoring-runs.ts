import { desc, eq, sql } from 'drizzle-orm'
import type { Transaction } from '../context.ts'
import { rescoringRuns } from '../schema.ts'
import { revisionKeys, rowsOf, type ReportKind, type ReportRevisionKey } from './sql-helpers.ts'

export type RescoringRun = typeof rescoringRuns.$inferSelect

/** Runs at least this large analyze their items table as they are created. */
export const ANALYZE_AFTER_ITEMS = 10_000

/** Which reports a run covers. Neither field: every report. One field: only that kind, in that state. */
export interface RunScope { requestingCountry?: string, givingState?: string }

/**
 * Creates a run and its items (the current revision of every report in scope) in the caller's transaction,
 * with set-based inserts: a run over a million reports costs one statement, not a million. Inserted in report
 * id order, so a chunk's items (an id range) lie together on a few pages that its settle updates in place.
 */
export async function createRun (tx: Transaction, input: { rulesetVersion: string, scope: RunScope, reason: string, createdByKey: string | null }): Promise<RescoringRun> {
  const { requestingCountry, givingState } = input.scope
  const [run] = await tx.insert(rescoringRuns).values({
    rulesetVersion: input.rulesetVersion,
    requestingCountry: requestingCountry ?? null,
    givingState: givingState ?? null,
    reason: input.reason,
    createdByKey: input.createdByKey
  }).returning()
  if (run === undefined) throw new Error('rescoring run insert returned nothing')
  const all = requestingCountry === undefined && givingState === undefined
  let total = 0
  if (all || requestingCountry !== undefined) {
    const result = await tx.execute(sql`
      insert into rescoring_run_items (run_id, report_kind, report_id, revision)
      select ${run.id}::uuid, 'red_notice', id, revision from red_notices
      where ${requestingCountry === undefined ? sql`true` : sql`requesting_country = ${requestingCountry}`}
      order by id`)
    total += affected(result)
  }
  if (all || givingState !== undefined) {
    const result = await tx.execute(sql`
      insert into rescoring_run_items (run_id, report_kind, report_id, revision)
      select ${run.id}::uuid, 'assurance', id, revision from assurances
      where ${givingState === undefined ? sql`true` : sql`giving_state = ${givingState}`}
      order by id`)
    total += affected(result)
  }
  // A run over every report is a bulk load: without fresh statistics (autovacuum may be off, or not yet
  // round) the planner misjudges every settle that follows. ANALYZE is the owner's (migration 0028).
  if (total >= ANALYZE_AFTER_ITEMS) await tx.execute(sql`select analyze_rescoring_run_items()`)
  const [updated] = await tx.update(rescoringRuns).set({
    total,
    ...(total === 0 ? { status: 'finished' as const, finishedAt: new Date() } : {})
  }).where(eq(rescoringRuns.id, run.id)).returning()
  return updated ?? run
}

function affected (result: unknown): number {
  const r = result as { rowCount?: number | null, affectedRows?: number }
  return r.rowCount ?? r.affectedRows ?? 0
}

/** Runs, newest first; `running` ones only when asked. */
export async function listRuns (tx: Transaction, input: { status?: 'running' | 'finished', limit: number }): Promise<RescoringRun[]> {
  return await tx.select().from(rescoringRuns)
    .where(input.status === undefined ? undefined : eq(rescoringRuns.status, input.status))
    .orderBy(desc(rescoringRuns.createdAt), desc(rescoringRuns.id))
    .limit(input.limit)
}

export async function findRun (tx: Transaction, id: string): Promise<RescoringRun | null> {
  const [row] = await tx.select().from(rescoringRuns).where(eq(rescoringRuns.id, id))
  return row ?? null
}

/**
 * Moves a run's items from pending to done or failed and the run's counters with them, in one statement.
 * Only pending items move, so a job delivered twice counts once; the run row's lock orders concurrent
 * batches, so exactly one of them sees done + failed reach total and marks the run finished.
 */
export async function settleRunItems (tx: Transaction, runId: string, keys: readonly ReportRevisionKey[], outcome: 'done' | 'failed'): Promise<void> {
  if (keys.length === 0) return
  await tx.execute(sql`
    with moved as (
      update rescoring_run_items it set state = ${outcome}
      from ${revisionKeys(keys)} as k(kind, id, rev)
      where it.run_id = ${runId}::uuid and it.state = 'pending'
        and it.report_kind = k.kind and it.report_id = k.id and it.revision = k.rev
      returning 1
    ), n as (select count(*)::int as n from moved)
    update rescoring_runs r set
      done = r.done + ${outcome === 'done' ? sql`n.n` : sql`0`},
      failed = r.failed + ${outcome === 'failed' ? sql`n.n` : sql`0`},
      status = case when r.done + r.failed + n.n >= r.total then 'finished' else r.status end,
      finished_at = case when r.done + r.failed + n.n >= r.total then coalesce(r.finished_at, now()) else r.finished_at end
    from n where r.id = ${runId}::uuid and n.n > 0`)
}

/** A run's items of one kind whose report ids lie from `from` through `through`: one chunk job's work. */
export interface RunChunk { runId: string, kind: ReportKind, from: string, through: string }

/**
 * The chunks of unfinished runs that still hold pending items. A run's items never change after it is
 * created, so chunks are cut from all its items (every `size` in report-id order), not from those still
 * pending: the launcher and every later reconcile cut the same chunks, and their job ids dedupe in the queue.
 * Report ids are compared as text, which orders them as uuid does (PostgreSQL 15 has no min(uuid)).
 */
export async function pendingRunChunks (tx: Transaction, input: { runId?: string, size: number }): Promise<Array<RunChunk & { pending: number }>> {
  const rows = rowsOf<{ run_id: string, report_kind: ReportKind, first_id: string, last_id: string, pending: number }>(await tx.execute(sql`
    select run_id, report_kind, min(report_id::text) as first_id, max(report_id::text) as last_id,
      count(*) filter (where state = 'pending')::int as pending
    from (
      select it.run_id, it.report_kind, it.report_id, it.state,
        (row_number() over (partition by it.run_id, it.report_kind order by it.report_id) - 1) / ${input.size}::int as chunk
      from rescoring_runs r join rescoring_run_items it on it.run_id = r.id
      where r.status = 'running' ${input.runId === undefined ? sql`` : sql`and r.id = ${input.runId}::uuid`}
    ) x
    group by run_id, report_kind, chunk
    having count(*) filter (where state = 'pending') > 0
    order by run_id, report_kind, chunk`))
  return rows.map((r) => ({ runId: r.run_id, kind: r.report_kind, from: r.first_id, through: r.last_id, pending: r.pending }))
}

/**
 * Settles every item of a chunk still pending, and the run's counters, in one statement: those in `failed`
 * (or all, with `failAll`) as failed, the others as done. Called in the transaction that wrote the chunk's
 * scores, so the items pending now are ones that transaction scored (items are never added to a run). Only
 * pending items move, so a chunk processed twice counts once; the run row's lock orders concurrent chunks.
 */
export async function settleRunChunk (tx: Transaction, chunk: RunChunk, outcome: { failed: readonly string[] } | { failAll: true }): Promise<void> {
  const failed = 'failAll' in outcome ? sql`true` : sql`it.report_id = any(${`{${outcome.failed.join(',')}}`}::uuid[])`
  await tx.execute(sql`
    with moved as (
      update rescoring_run_items it set state = case when ${failed} then 'failed' else 'done' end
      where it.run_id = ${chunk.runId}::uuid and it.report_kind = ${chunk.kind} and it.state = 'pending'
        and it.report_id between ${chunk.from}::uuid and ${chunk.through}::uuid
      returning it.state
    ), n as (
      select count(*) filter (where state = 'done')::int as done, count(*) filter (where state = 'failed')::int as failed from moved
    )
    update rescoring_runs r set
      done = r.done + n.done,
      failed = r.failed + n.failed,
      status = case when r.done + r.failed + n.done + n.failed >= r.total then 'finished' else r.status end,
      finished_at = case when r.done + r.failed + n.done + n.failed >= r.total then coalesce(r.finished_at, now()) else r.finished_at end
    from n where r.id = ${chunk.runId}::uuid and n.done + n.failed > 0`)
}
