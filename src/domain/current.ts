import type { Indicator } from './indicator-types.ts'
import { CURRENT_RULESET } from './rulesets/index.ts'

// The current ruleset's catalogue and rules under the names callers used before rulesets became values.
export const CURRENT_RED_NOTICE_INDICATORS = CURRENT_RULESET.redNotice.catalogue
export const CURRENT_ASSURANCE_INDICATORS = CURRENT_RULESET.assurance.catalogue
export const CURRENT_INDICATORS: readonly Indicator[] = [...CURRENT_RED_NOTICE_INDICATORS, ...CURRENT_ASSURANCE_INDICATORS]
export const CURRENT_RED_NOTICE_RULES = CURRENT_RULESET.redNotice.rules
export const CURRENT_ASSURANCE_RULES = CURRENT_RULESET.assurance.rules

export function indicatorById (id: string): Indicator | undefined {
  return CURRENT_INDICATORS.find(i => i.id === id)
}
