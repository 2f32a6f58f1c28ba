import type { Rule } from './engine.ts'
import { contextText, ev, listText, profilesText } from './evidence.ts'
import { PERSECUTED_PROFILES } from './rules-red-notice-subject.ts'
import type { PoliticalContextType, Profile, RedNoticeFacts, ScoringContext } from './types.ts'

// Rules changed by ruleset 2026.12.7 (docs/scoring-evaluation.md). Pure functions of the facts and
// context; each only gains evidence as facts are added.

type RnRule = Rule<RedNoticeFacts, ScoringContext>

/** Positions that are also the ordinary position of those prosecuted for corruption, fraud or abuse of office. */
export const OFFICE_OR_BUSINESS: readonly Profile[] = ['former_official', 'business_person']

/**
 * Political events that set a former official or business person against those in power. Leaving office
 * alone is not one: it ends the immunity that the UN Convention against Corruption (Art. 30(2)) asks
 * states to balance against effective prosecution.
 */
export const CONTENTION_EVENTS: readonly PoliticalContextType[] = [
  'change_of_government', 'election', 'protest', 'public_criticism', 'defection', 'political_activity_began'
]

/**
 * What in the facts places the person in political contention: a critic's or opponent's profile, being the
 * relative of a targeted person, or a political event of contention. Empty when nothing does.
 */
export function politicalContention (f: RedNoticeFacts): { evidence: string[], reasons: string[] } {
  const profiles = (f.subject.profiles ?? []).filter(p => PERSECUTED_PROFILES.includes(p) || p === 'relative_of_targeted_person')
  const events = (f.politicalContext ?? []).map((e, i) => ({ e, i })).filter(({ e }) => CONTENTION_EVENTS.includes(e.type))
  return {
    evidence: [...profiles.map(p => ev('/subject/profiles', p)), ...events.map(({ e, i }) => ev(`/politicalContext/${i}/type`, e.type))],
    reasons: [
      ...(profiles.length > 0 ? [`the person is also reported as ${profilesText(profiles)}`] : []),
      ...events.map(({ e }) => `${contextText(e.type)}${e.date === undefined ? '' : ` on ${e.date}`}`)
    ]
  }
}

/**
 * Interpol's Article 3 practice weighs the person's status together with the political context: former
 * office or a business counts as a sign of targeting only where the facts place the person in political
 * contention. Without that, the rule reads the person as if neither profile were reported, so a former
 * official or business person charged with an ordinary crime gains nothing from the position alone; with
 * it, the rule's finding names what placed the person in contention.
 */
export const statusInContention = (rule: RnRule): RnRule => (f, ctx) => {
  const profiles = f.subject.profiles ?? []
  if (!profiles.some(p => OFFICE_OR_BUSINESS.includes(p))) return rule(f, ctx)
  const contention = politicalContention(f)
  if (contention.evidence.length === 0) {
    return rule({ ...f, subject: { ...f.subject, profiles: profiles.filter(p => !OFFICE_OR_BUSINESS.includes(p)) } }, ctx)
  }
  const found = rule(f, ctx)
  if (found === null) return null
  return {
    ...found,
    evidence: [...new Set([...found.evidence, ...contention.evidence])],
    fact: `${found.fact} Former office or business counts here because the facts place the person in political contention: ${listText(contention.reasons)}.`
  }
}
