import type { Rule } from '../engine.ts'
import type { Indicator } from '../indicator-types.ts'
import { statusInContention } from '../rules-2026-12-7.ts'
import { SRC_2026_12 as S } from '../sources-2026-12.ts'
import type { RedNoticeFacts, ScoringContext } from '../types.ts'
import type { Ruleset } from './types.ts'
import { changed, replacing } from './derive.ts'
import { UNCAC_ART_30 } from './v2026-12-2.ts'
import { RED_NOTICE_RULES_2026_12_6, RULESET_2026_12_6 } from './v2026-12-6.ts'

// Ruleset 2026.12.7 (docs/scoring-evaluation.md): former office or a business counts as a sign of
// targeting only where the facts place the person in political contention. No weight changes; nothing
// is fitted to the corpus.

const BASE = RULESET_2026_12_6

const CONTENTION_READ = ['/subject/profiles', '/politicalContext/*/type', '/politicalContext/*/date']
const CONTENTION_DESCRIPTION = ' Since 2026.12.7 former office or a business counts only where the facts place the person in political contention: the person is also reported as an opponent, critic or other targeted person, or as the relative of one, or the case arose amid a change of government, an election, a protest, public criticism, a defection or the start of political activity.'
const CONTENTION_RATIONALE = ' Since 2026.12.7 a former official or business person counts only in political contention (an opponent\'s or critic\'s profile, a relative of a targeted person, or a change of government, election, protest, public criticism, defection or start of political activity). Interpol\'s Article 3 practice weighs the status of the person together with the general context, never alone; holding office or running a business is also the position of everyone prosecuted for corruption, fraud or abuse of office, and leaving office ends the immunity that the UN Convention against Corruption (Art. 30(2)) asks states to balance against effective prosecution. In the hold-out sets of the evaluation corpus, former officials reported without an opposition profile were 11 abuse and 22 legitimate cases, so the position alone did not point to targeting. Weights unchanged.'

const STATUS: Indicator = changed(BASE.redNotice.catalogue, 'status-context-timing', old => ({
  title: 'Opponent or critic, or former official or business person in political contention, pursued by a Partly Free or Not Free state, charged soon after a political event',
  description: old.description + CONTENTION_DESCRIPTION,
  reads: [...new Set([...old.reads, ...CONTENTION_READ])],
  sources: [...old.sources, UNCAC_ART_30],
  weightRationale: old.weightRationale + CONTENTION_RATIONALE
}))

const ECONOMIC: Indicator = changed(BASE.redNotice.catalogue, 'economic-charge-with-profile', old => ({
  title: 'Economic charge against a critic, or against a businessperson or former official in political contention',
  description: old.description + CONTENTION_DESCRIPTION,
  reads: [...new Set([...old.reads, ...CONTENTION_READ])],
  sources: [...old.sources, S.interpolRepositoryArt3, UNCAC_ART_30],
  weightRationale: old.weightRationale + CONTENTION_RATIONALE
}))

const rule = (id: string): Rule<RedNoticeFacts, ScoringContext> => {
  const found = RED_NOTICE_RULES_2026_12_6[id]
  if (found === undefined) throw new Error(`No rule for ${id} in 2026.12.6`)
  return found
}

export const RED_NOTICE_RULES_2026_12_7: Readonly<Record<string, Rule<RedNoticeFacts, ScoringContext>>> = {
  ...RED_NOTICE_RULES_2026_12_6,
  'status-context-timing': statusInContention(rule('status-context-timing')),
  'economic-charge-with-profile': statusInContention(rule('economic-charge-with-profile'))
}

export const RULESET_2026_12_7: Ruleset = {
  version: '2026.12.7',
  summary: 'Former office or a business counts as a sign of targeting only where the facts place the person in political contention (an opponent\'s or critic\'s profile, a relative of a targeted person, or a political event of contention); no weight changes.',
  bandLimits: BASE.bandLimits,
  redNotice: { catalogue: replacing(BASE.redNotice.catalogue, [STATUS, ECONOMIC]), rules: RED_NOTICE_RULES_2026_12_7 },
  assurance: BASE.assurance
}
