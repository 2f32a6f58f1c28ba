import { RULESET_2026_11_1 } from './v2026-11-1.ts'
import { RULESET_2026_12_1 } from './v2026-12-1.ts'
import { RULESET_2026_12_2 } from './v2026-12-2.ts'
import { RULESET_2026_12_3 } from './v2026-12-3.ts'
import { RULESET_2026_12_4 } from './v2026-12-4.ts'
import { RULESET_2026_12_5 } from './v2026-12-5.ts'
import { RULESET_2026_12_6 } from './v2026-12-6.ts'
import { RULESET_2026_12_7 } from './v2026-12-7.ts'
import { RULESET_2026_12_8 } from './v2026-12-8.ts'
import type { Ruleset } from './types.ts'

export type { Ruleset, RuleBook } from './types.ts'

/** Every ruleset this build can score with, oldest first. */
export const RULESETS: readonly Ruleset[] = [RULESET_2026_11_1, RULESET_2026_12_1, RULESET_2026_12_2, RULESET_2026_12_3, RULESET_2026_12_4, RULESET_2026_12_5, RULESET_2026_12_6, RULESET_2026_12_7, RULESET_2026_12_8]

/** The ruleset the workers score with; adopting a new one is changing this line (and rescoring). */
export const CURRENT_RULESET: Ruleset = RULESET_2026_12_8

export function rulesetByVersion (version: string): Ruleset | undefined {
  return RULESETS.find(r => r.version === version)
}
