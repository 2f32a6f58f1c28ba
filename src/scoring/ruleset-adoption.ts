import { sql } from 'drizzle-orm'
import type { Logger } from 'pino'
import type { Database } from '../db/client.ts'
import { SYSTEM_CONTEXT, withContext } from '../db/context.ts'
import { recordAudit } from '../db/queries/audit.ts'
import { createRun, type RescoringRun } from '../db/queries/rescoring-runs.ts'
import { rowsOf } from '../db/queries/sql-helpers.ts'
import { RULESET_VERSION } from '../domain/index.ts'

/** Serialises adoption checks across replicas (transaction-scoped). */
const ADOPTION_LOCK = 7413326620124963
/** Creating the items of a run over every report is one statement: at a million reports, about half a minute. */
const ADOPTION_STATEMENT_TIMEOUT_MS = 600_000

const checked = new WeakMap<Database, string>()

/**
 * Adopting a ruleset (a build whose CURRENT_RULESET is new) rescores every report as one tracked run, so its
 * progress can be followed (GET /v1/rescoring-runs) and it executes in chunks rather than report by report.
 * The reconciler calls this first: the first time it finds current scores under another ruleset and no
 * adoption run for this one, it creates that run. Checked once per process and database; the advisory lock
 * and the re-check inside it keep replicas starting together from creating two.
 */
export async function startAdoptionRunIfNeeded (db: Database, log: Logger, version: string = RULESET_VERSION): Promise<RescoringRun | null> {
  if (checked.get(db) === version) return null
  const run = await withContext(db, SYSTEM_CONTEXT, async (tx) => {
    await tx.execute(sql`select set_config('statement_timeout', ${String(ADOPTION_STATEMENT_TIMEOUT_MS)}, true)`)
    await tx.execute(sql`select pg_advisory_xact_lock(${ADOPTION_LOCK})`)
    const [state] = rowsOf<{ adopted: boolean, stale: boolean }>(await tx.execute(sql`
      select exists (select 1 from rescoring_runs where ruleset_version = ${version} and reason = 'ruleset.adopted') as adopted,
        exists (select 1 from scores where superseded_at is null and ruleset_version <> ${version}) as stale`))
    if (state === undefined || state.adopted || !state.stale) return null
    const created = await createRun(tx, { rulesetVersion: version, scope: {}, reason: 'ruleset.adopted', createdByKey: null })
    await recordAudit(tx, {
      actorPartnerId: null,
      actorKeyId: null,
      action: 'rescoring_run.created',
      targetKind: 'rescoring_run',
      targetId: created.id,
      details: { reason: 'ruleset.adopted', total: created.total, rulesetVersion: version }
    })
    return created
  })
  checked.set(db, version)
  if (run !== null) log.info({ runId: run.id, rulesetVersion: version, total: run.total }, 'ruleset adopted: rescoring every report as a tracked run')
  return run
}
