import type { Rule } from '../engine.ts'
import type { Indicator } from '../indicator-types.ts'
import { insufficientDescription6, specificCheckableCharges6 } from '../rules-2026-12-6.ts'
import { SRC } from '../sources.ts'
import type { RedNoticeFacts, ScoringContext } from '../types.ts'
import type { Ruleset } from './types.ts'
import { changed, replacing } from './derive.ts'
import { RED_NOTICE_RULES_2026_12_5, RULESET_2026_12_5 } from './v2026-12-5.ts'

// Ruleset 2026.12.6 (docs/scoring-evaluation.md): specific particulars count for economic charges as for
// the others, and a charge whose particulars name the act is not read as undescribed. No weight changes;
// nothing is fitted to the corpus.

const BASE = RULESET_2026_12_5

const CHECKABLE: Indicator = changed(BASE.redNotice.catalogue, 'specific-checkable-charges', old => ({
  title: 'Every charge names a checkable act, economic charges included, and the requesting state\'s courts can check it',
  description: old.description + ' Since 2026.12.6 a charge of fraud, another economic crime or abuse of office counts when its particulars name the person\'s role, the acts, time and means, which is the test the CCF applies to the summary of facts of any notice.',
  sources: [...old.sources, SRC.ccf2023_3, SRC.ccf2024_2],
  weightRationale: old.weightRationale + ' Since 2026.12.6 it also reads economic charges (economic, fraud, abuse of office) with specific particulars: the CCF asks of an economic charge the same concrete and specific facts (the person\'s role, specific criminal actions, time and means) as of any other (decision excerpts 2023-3 and 2024-2), so meeting that test is the same sign. The judiciary tiers still decide the weight, and with a profile the separate economic-charge indicator (12) still counts the pattern of economic charges against opponents.'
}))

const DESCRIBED: Indicator = changed(BASE.redNotice.catalogue, 'insufficient-description', old => ({
  title: 'Charge without legal provision, date or particulars',
  description: old.description + ' Since 2026.12.6 a charge whose particulars name the act (date, place, victims or damage) counts as described even when the report does not give the article of the code.',
  reads: [...old.reads, '/charges/*/particulars'],
  weightRationale: old.weightRationale + ' Since 2026.12.6 the indicator does not read a charge whose particulars name the act: what the CCF found lacking in the decisions cited is the summary of facts, and a report that gives the act but not the article of the code shows a gap in what the partner knows, not in the notice.'
}))

export const RED_NOTICE_RULES_2026_12_6: Readonly<Record<string, Rule<RedNoticeFacts, ScoringContext>>> = {
  ...RED_NOTICE_RULES_2026_12_5,
  'specific-checkable-charges': specificCheckableCharges6,
  'insufficient-description': insufficientDescription6
}

export const RULESET_2026_12_6: Ruleset = {
  version: '2026.12.6',
  summary: 'Specific particulars count for economic charges as for the others (weighed by the independence of the requesting state\'s courts), and a charge whose particulars name the act is not read as undescribed.',
  bandLimits: BASE.bandLimits,
  redNotice: { catalogue: replacing(BASE.redNotice.catalogue, [CHECKABLE, DESCRIBED]), rules: RED_NOTICE_RULES_2026_12_6 },
  assurance: BASE.assurance
}
