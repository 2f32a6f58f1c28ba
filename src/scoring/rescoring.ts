import { recordAudit } from '../db/queries/audit.ts'
import { replaceCountry, sameCountryContext, toCountryContext, type CountryRow, type CountryValues } from '../db/queries/countries.ts'
import { createRun, type RescoringRun, type RunScope } from '../db/queries/rescoring-runs.ts'
import type { Transaction } from '../db/context.ts'
import { RULESET_VERSION } from '../domain/index.ts'

export interface Actor { partnerId: string, apiKeyId: string, requestId: string }

/** Creates a tracked run and its audit event; the caller enqueues its items after the commit. */
export async function startRescoringRun (tx: Transaction, actor: Actor, scope: RunScope, reason: 'manual' | 'country.updated'): Promise<RescoringRun> {
  const run = await createRun(tx, { rulesetVersion: RULESET_VERSION, scope, reason, createdByKey: actor.apiKeyId })
  await recordAudit(tx, {
    actorPartnerId: actor.partnerId,
    actorKeyId: actor.apiKeyId,
    action: 'rescoring_run.created',
    targetKind: 'rescoring_run',
    targetId: run.id,
    requestId: actor.requestId,
    details: { reason, total: run.total, requestingCountry: scope.requestingCountry ?? null, givingState: scope.givingState ?? null }
  })
  return run
}

/**
 * Replaces one country's reference data. When anything the scorer reads changed, the reports that read it
 * (red notices requested by this state, assurances given by it) are rescored through a tracked run.
 */
export async function updateCountry (tx: Transaction, actor: Actor, code: string, values: CountryValues): Promise<{ country: CountryRow, created: boolean, run: RescoringRun | null }> {
  const { before, after } = await replaceCountry(tx, code, values)
  const changed = before === null
    ? Object.keys(values)
    : Object.keys(values).filter((key) => JSON.stringify(toCountryContext(before)[key as keyof CountryValues]) !== JSON.stringify(toCountryContext(after)[key as keyof CountryValues]))
  const run = sameCountryContext(before, after) ? null : await startRescoringRun(tx, actor, { requestingCountry: code, givingState: code }, 'country.updated')
  await recordAudit(tx, {
    actorPartnerId: actor.partnerId,
    actorKeyId: actor.apiKeyId,
    action: 'country.updated',
    targetKind: 'country',
    requestId: actor.requestId,
    // Country codes are not UUIDs (target_id): the code goes in the details, with the names of the fields changed.
    details: { code, created: before === null, changed, rescoringRunId: run?.id ?? null }
  })
  return { country: after, created: before === null, run }
}
