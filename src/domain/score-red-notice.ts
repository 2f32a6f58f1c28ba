import { runRules } from './engine.ts'
import { CURRENT_RULESET, type Ruleset } from './rulesets/index.ts'
import type { RedNoticeFacts, ScoreResult, ScoringContext } from './types.ts'

/**
 * Strength of the signs that a request (red notice, diffusion, wanted list, extradition request,
 * deportation or entry refusal) targets the person for political, military, religious or racial reasons.
 * Pure and deterministic: no clock, no I/O; all timing comes from dates inside `facts`.
 */
export function scoreRedNotice (facts: RedNoticeFacts, ctx: ScoringContext, ruleset: Ruleset = CURRENT_RULESET): ScoreResult {
  return runRules(ruleset.redNotice.catalogue, ruleset.redNotice.rules, facts, ctx, ruleset)
}
