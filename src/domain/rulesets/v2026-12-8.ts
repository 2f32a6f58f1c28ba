import type { Indicator } from '../indicator-types.ts'
import { othmanCombination8, requestAfterDepartureWhenTargeted, UNVERIFIABLE_NOT_FREE_POINTS } from '../rules-2026-12-8.ts'
import { SRC_2026_12 as S } from '../sources-2026-12.ts'
import type { Ruleset } from './types.ts'
import { changed, replacing } from './derive.ts'
import { RULESET_2026_12_7 } from './v2026-12-7.ts'

// Ruleset 2026.12.8 (docs/scoring-evaluation.md): a request after the person left counts only where the person
// left as someone the state targets; an assurance from a Partly Free or Not Free state that nobody can check weighs even when its
// terms are specific. No other weight changes; nothing is fitted to the corpus.

const BASE = RULESET_2026_12_7

const DEPARTURE: Indicator = changed(BASE.redNotice.catalogue, 'request-after-departure', old => ({
  title: 'Request issued after a targeted person left the requesting state',
  description: old.description + ' Since 2026.12.8 it counts only where the facts show that the person left as someone the requesting state targets: an opponent\'s, critic\'s or other targeted profile, a relative of a targeted person, a minority\'s, conscientious objector\'s, deserter\'s or draft evader\'s profile, a claim to asylum or protection, or a change of government, election, protest, public criticism, defection or start of political activity. Every red notice seeks someone abroad, so a request after departure says something about motive only where the person fled as one of those the state pursues.',
  reads: [...new Set([...old.reads, '/subject/profiles', '/subject/asylum/status', '/politicalContext/*/type', '/politicalContext/*/date'])],
  sources: [...old.sources, S.interpolRepositoryArt3],
  weightRationale: old.weightRationale + ' Since 2026.12.8 it counts only where the person left as someone the requesting state targets (a targeted or minority profile, a claim to protection, or political contention, which former office has needed since 2026.12.7): a red notice exists to find a person who is abroad, so the order of departure and request is the ordinary course of any prosecution of a fugitive, and Interpol\'s Article 3 practice reads timing against political events and the person\'s status, not against flight. In the hold-out sets of the evaluation corpus the indicator fired for 16 abuse and 18 legitimate cases, so alone it did not point to targeting. Weight unchanged.'
}))

const COMBINATION: Indicator = changed(BASE.assurance.catalogue, 'assurance-othman-combination', old => ({
  description: old.description + ' Since 2026.12.8, where the giving state is rated Partly Free or Not Free, an assurance whose keeping is not shown to be verifiable weighs even when its terms are specific: specific words that nobody can check, from a state whose courts and press cannot expose a breach, give no protection in themselves.',
  tiers: [...(old.tiers ?? []), { points: UNVERIFIABLE_NOT_FREE_POINTS, when: 'giving state rated Partly Free or Not Free, with no record of torture read, terms specific, but no independent monitoring or unfettered lawyer access shown and no record of similar assurances kept' }],
  weightRationale: old.weightRationale + ` Since 2026.12.8, ${UNVERIFIABLE_NOT_FREE_POINTS} for a Partly Free or Not Free giving state with no record of torture read, where the terms are specific but the keeping is not shown to be verifiable. Othman (§ 189, factor viii) asks whether compliance can be objectively verified, through monitoring or unfettered access to lawyers, and (factor ix) whether the state has an effective system of protection; Agiza (§ 13.4) turned on the absence of any mechanism for enforcement, and the UN Special Rapporteur on torture found that assurances without effective post-return monitoring do not protect. Where the state is rated Free, its courts and press can hold it to its word, so it is not affected; the points are those of one defect from a state with a record of torture, since the record is not established here. In the hold-out sets of the evaluation corpus, specific assurances from such states without verification were found insufficient or broken in 7 of 10 cases.`
}))

export const RULESET_2026_12_8: Ruleset = {
  version: '2026.12.8',
  summary: 'A request dated after the person left counts as a sign of targeting only where the facts show that the person left as someone the requesting state targets (a targeted or minority profile, a claim to protection, or political contention); an assurance from a Partly Free or Not Free state whose keeping is not shown to be verifiable weighs 20 even when its terms are specific.',
  bandLimits: BASE.bandLimits,
  redNotice: {
    catalogue: replacing(BASE.redNotice.catalogue, [DEPARTURE]),
    rules: { ...BASE.redNotice.rules, 'request-after-departure': requestAfterDepartureWhenTargeted }
  },
  assurance: {
    catalogue: replacing(BASE.assurance.catalogue, [COMBINATION]),
    rules: { ...BASE.assurance.rules, 'assurance-othman-combination': othmanCombination8 }
  }
}
