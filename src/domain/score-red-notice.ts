import { runRules, runRulesCompact } from './engine.ts'
import { CURRENT_RULESET, type Ruleset } from './rulesets/index.ts'
import type { CompactScoreResult, RedNoticeFacts, ScoreResult, ScoringContext } from './types.ts'

/**
 * Strength of the signs that a request (red notice, diffusion, wanted list, extradition request,
 * deportation or entry refusal) targets the person for political, military, religious or racial reasons.
 * Pure and deterministic: no clock, no I/O; all timing comes from dates inside `facts`.
 */
export function scoreRedNotice (facts: RedNoticeFacts, ctx: ScoringContext, ruleset: Ruleset = CURRENT_RULESET): ScoreResult {
  return runRules(ruleset.redNotice.catalogue, ruleset.redNotice.rules, facts, ctx, ruleset)
}

/** `scoreRedNotice` in the form the workers store: each contribution's fact instead of its explanation. */
export function scoreRedNoticeCompact (facts: RedNoticeFacts, ctx: ScoringContext, ruleset: Ruleset = CURRENT_RULESET): CompactScoreResult {
  return runRulesCompact(ruleset.redNotice.catalogue, ruleset.redNotice.rules, facts, ctx, ruleset)
}
