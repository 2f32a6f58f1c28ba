import type { Rule } from './engine.ts'
import { countryEv, ev, hit, listText, profilesText } from './evidence.ts'
import { politicalContention } from './rules-2026-12-7.ts'
import { othmanCombination5 } from './rules-2026-12-5.ts'
import { verificationText } from './rules-assurance-2026-12-3.ts'
import { requestAfterDeparture } from './rules-red-notice-subject.ts'
import type { AssuranceContext, AssuranceFacts, AsylumStatus, Profile, RedNoticeFacts, ScoringContext } from './types.ts'

// Rules changed by ruleset 2026.12.8 (docs/scoring-evaluation.md). Pure functions of the facts and
// context; each only gains evidence as facts are added.

type RnRule = Rule<RedNoticeFacts, ScoringContext>
type AsRule = Rule<AssuranceFacts, AssuranceContext>

/** Profiles of people who flee a state because of who they are, beyond the critics politicalContention reads. */
export const FLIGHT_PROFILES: readonly Profile[] = ['ethnic_minority', 'religious_minority', 'conscientious_objector', 'deserter', 'draft_evader']

/** Asylum statuses that show the person sought protection from the requesting state. */
const SOUGHT_PROTECTION: readonly AsylumStatus[] = ['applied', 'recognized_refugee', 'subsidiary_protection']

/**
 * What in the facts shows that the person left as someone the requesting state targets: political
 * contention (2026.12.7), a minority's or an objector's profile, or a claim to protection. Empty when nothing does.
 */
export function leftAsTargeted (f: RedNoticeFacts): { evidence: string[], reasons: string[] } {
  const contention = politicalContention(f)
  const profiles = (f.subject.profiles ?? []).filter(p => FLIGHT_PROFILES.includes(p))
  const asylum = f.subject.asylum
  const protection = asylum !== undefined && SOUGHT_PROTECTION.includes(asylum.status)
  return {
    evidence: [...contention.evidence, ...profiles.map(p => ev('/subject/profiles', p)), ...(protection ? [ev('/subject/asylum/status', asylum.status)] : [])],
    reasons: [
      // politicalContention words its profile reason for a former official who is "also" a critic.
      ...contention.reasons.map(r => r.replace('is also reported as', 'is reported as')),
      ...(profiles.length > 0 ? [`the person is reported as ${profilesText(profiles)}`] : []),
      ...(protection ? [`the person ${asylum.status === 'applied' ? 'has applied for' : 'holds'} protection${asylum.country === undefined ? '' : ` in ${asylum.country}`}`] : [])
    ]
  }
}

/**
 * A request dated after the person left is what every red notice is: it seeks someone abroad. It is a sign
 * of targeting where the person left as a critic, amid a political conflict, as a member of a group the state
 * targets or to seek protection, so that the charges follow the flight; otherwise it is the ordinary course
 * of a prosecution.
 */
export const requestAfterDepartureWhenTargeted: RnRule = (f, ctx) => {
  const found = requestAfterDeparture(f, ctx)
  if (found === null) return null
  const targeted = leftAsTargeted(f)
  if (targeted.evidence.length === 0) return null
  // The base rule names the state by its code only; a lawyer reads its name as well.
  const state = ctx.requestingCountry
  const fact = state === null || state.code.toUpperCase() !== f.requestingCountry.toUpperCase() ? found.fact : found.fact.replace(`left ${f.requestingCountry} on`, `left ${state.name} (${state.code}) on`)
  return {
    ...found,
    evidence: [...new Set([...found.evidence, ...targeted.evidence])],
    fact: `${fact} It counts because ${listText(targeted.reasons)}.`
  }
}

const RATING = { PF: 'Partly Free', NF: 'Not Free' } as const

/** Points for an assurance from a Partly Free or Not Free state whose keeping nobody is shown to be able to check. */
export const UNVERIFIABLE_NOT_FREE_POINTS = 20

/**
 * Othman § 189 factor (viii), objective verification, read with factor (ix): where the giving state is
 * rated Partly Free or Not Free, neither its courts nor its press can be relied on to expose a breach, so
 * a promise whose keeping no independent monitor or unfettered lawyer can check gives no protection in
 * itself, however specific its terms (Agiza § 13.4: no mechanism for enforcement). 2026.12.5's tiers still
 * apply first; this adds the case they left out, specific terms without verification.
 */
export const othmanCombination8: AsRule = (f, ctx) => {
  const found = othmanCombination5(f, ctx)
  if (found !== null) return found
  const c = ctx.givingState
  if (c === null || f.priorCompliance === 'kept') return null
  if (c.freedomStatus !== 'PF' && c.freedomStatus !== 'NF') return null
  const m = f.monitoring?.mechanism
  const lawyers = f.monitoring?.lawyerAccess
  if (m === 'independent_body' || m === 'ngo_access' || lawyers === 'unfettered') return null
  return hit([
    countryEv(c, 'freedomStatus'),
    ev('/monitoring/mechanism', m ?? null),
    ev('/monitoring/lawyerAccess', lawyers ?? null),
    ev('/priorCompliance', f.priorCompliance ?? null)
  ], `The assurance comes from ${c.name} (${c.code}), rated ${RATING[c.freedomStatus]} by Freedom House: its terms are specific, but its keeping is not shown to be verifiable (${verificationText(f)}), and no record shows similar assurances being kept. Where neither independent courts nor a free press can expose a breach, an assurance nobody can check gives no protection in itself.`,
  UNVERIFIABLE_NOT_FREE_POINTS)
}
