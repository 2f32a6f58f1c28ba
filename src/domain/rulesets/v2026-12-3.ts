import type { Ruleset } from './types.ts'
import { withAssuranceChanges2026123 } from './assurance-changes-2026-12-3.ts'
import { RULESET_2026_12_2 } from './v2026-12-2.ts'

// Ruleset 2026.12.3 (docs/scoring-evaluation.md): assurance changes only; red-notice scoring is 2026.12.2's.

const BASE = RULESET_2026_12_2

export const RULESET_2026_12_3: Ruleset = {
  version: '2026.12.3',
  summary: 'Assurances: a safeguard the report does not show is not credited, and the Othman factors combine whenever the assurance is not shown to be specific or verifiable, graded by the giving state (torture record, Freedom House rating, ECHR membership).',
  bandLimits: BASE.bandLimits,
  redNotice: BASE.redNotice,
  assurance: withAssuranceChanges2026123(BASE.assurance)
}
