import { runRules, runRulesCompact } from './engine.ts'
import { CURRENT_RULESET, type Ruleset } from './rulesets/index.ts'
import type { AssuranceContext, AssuranceFacts, CompactScoreResult, ScoreResult } from './types.ts'

/**
 * How little a diplomatic assurance against torture can be relied on, following the Othman factors
 * (higher = less reliable). `ctx.givingState` is the reference data of the state that gave the promise.
 */
export function scoreAssurance (facts: AssuranceFacts, ctx: AssuranceContext, ruleset: Ruleset = CURRENT_RULESET): ScoreResult {
  return runRules(ruleset.assurance.catalogue, ruleset.assurance.rules, facts, ctx, ruleset)
}

/** `scoreAssurance` in the form the workers store: each contribution's fact instead of its explanation. */
export function scoreAssuranceCompact (facts: AssuranceFacts, ctx: AssuranceContext, ruleset: Ruleset = CURRENT_RULESET): CompactScoreResult {
  return runRulesCompact(ruleset.assurance.catalogue, ruleset.assurance.rules, facts, ctx, ruleset)
}
