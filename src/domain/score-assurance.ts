import { runRules } from './engine.ts'
import { CURRENT_RULESET, type Ruleset } from './rulesets/index.ts'
import type { AssuranceContext, AssuranceFacts, ScoreResult } from './types.ts'

/**
 * How little a diplomatic assurance against torture can be relied on, following the Othman factors
 * (higher = less reliable). `ctx.givingState` is the reference data of the state that gave the promise.
 */
export function scoreAssurance (facts: AssuranceFacts, ctx: AssuranceContext, ruleset: Ruleset = CURRENT_RULESET): ScoreResult {
  return runRules(ruleset.assurance.catalogue, ruleset.assurance.rules, facts, ctx, ruleset)
}
