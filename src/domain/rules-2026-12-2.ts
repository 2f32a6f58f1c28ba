import type { Rule } from './engine.ts'
import { countryEv, ev, eventsOfType, hit, listText } from './evidence.ts'
import { chargesFollowPoliticalEventWith, convictionAfterAttendedTrial, statusContextTimingWith, type TurnTest, othmanCombination, specificCheckableCharges, targetedEvidence, tortureRiskTargetedPerson } from './rules-2026-12.ts'
import { redNoticeProceedingDates } from './fact-dates.ts'
import { findingCovers, findingPeriodText, tortureFindingFor } from './torture-findings.ts'
import { PERSECUTED_PROFILES } from './rules-red-notice-subject.ts'
import type { AssuranceContext, AssuranceFacts, CountryContext, RedNoticeFacts, ScoringContext } from './types.ts'

// Rules changed by ruleset 2026.12.2 (docs/scoring-evaluation.md). Pure functions of the facts and
// context; mitigations fire only on positive evidence, and an unknown field adds nothing either way.

type RnRule = Rule<RedNoticeFacts, ScoringContext>
type AsRule = Rule<AssuranceFacts, AssuranceContext>

const named = (c: CountryContext): string => `${c.name} (${c.code})`

/**
 * How far the requesting state's own courts can be trusted to have tested the facts of a case: full
 * where the state is rated Free, a part where it is Partly Free or its rating is unknown (as before
 * 2026.12.2), nothing where it is Not Free or torture is systematic (confessions obtained by torture make
 * a detailed file worthless). Monotone: a worse rating never gives more trust.
 */
export function judicialTrust (c: CountryContext | null): 'full' | 'partial' | 'none' {
  if (c?.systematicTorture === true || c?.freedomStatus === 'NF') return 'none'
  return c?.freedomStatus === 'F' ? 'full' : 'partial'
}

/** Detailed charges are checkable only where courts independent of the government will check them. */
export const specificChargesWeighedByJudiciaryWith = (specific: RnRule): RnRule => (f, ctx) => {
  const base = specific(f, ctx)
  const c = ctx.requestingCountry
  const trust = judicialTrust(c)
  if (base === null || trust === 'none') return null
  const rating = c === null || c.freedomStatus === null ? 'of unknown rating' : c.freedomStatus === 'F' ? 'rated Free by Freedom House' : 'rated Partly Free by Freedom House'
  return hit([...base.evidence, ...(c === null ? [] : [countryEv(c, 'freedomStatus')])],
    `${base.fact.replace(/\.$/, '')}; the requesting state${c === null ? '' : `, ${named(c)},`} is ${rating}, so its courts can be expected to test these facts${trust === 'partial' ? ' only in part' : ''}.`,
    trust === 'full' ? 15 : 8)
}
export const specificChargesWeighedByJudiciary: RnRule = specificChargesWeighedByJudiciaryWith(specificCheckableCharges)

/**
 * A sentence counts as a judicial finding only where the court is independent: a conviction in a Not
 * Free state, or where torture is systematic, is what a contrived case also produces.
 */
export const convictionWeighedByJudiciary: RnRule = (f, ctx) => {
  const base = convictionAfterAttendedTrial(f, ctx)
  if (base === null || base.points === 20) return base
  const states = f.events.filter(e => e.type === 'conviction').map(e => e.country === undefined || e.country === f.requestingCountry
    ? ctx.requestingCountry
    : ctx.countryOf?.(e.country) ?? null)
  return states.some(s => judicialTrust(s) !== 'none') ? base : null
}

/**
 * Othman §189 factors (ii), (vii) and (viii) together, and CAT in Agiza v. Sweden (§ 13.4: no mechanism
 * for enforcement): a general promise whose keeping cannot be objectively verified (no monitoring or
 * consular visits only, no unfettered access to lawyers) and with no record of being kept, from a state
 * not rated Free, has no protective weight even where torture is not documented as systematic.
 * Where it is systematic, the 2026.12.1 combination applies with its own tiers.
 */
export const othmanCombinationUnverifiable: AsRule = (f, ctx) => {
  const systematic = othmanCombination(f, ctx)
  if (systematic !== null) return systematic
  const c = ctx.givingState
  if (c === null || (c.freedomStatus !== 'PF' && c.freedomStatus !== 'NF')) return null
  if (f.priorCompliance === 'kept') return null
  const general = f.specificity === 'general' || f.form === 'oral'
  const m = f.monitoring?.mechanism
  const unverifiable = (m === 'none' || m === 'consular_visits') && f.monitoring?.lawyerAccess !== 'unfettered'
  if (!general || !unverifiable) return null
  const evidence = [
    countryEv(c, 'freedomStatus'),
    ...(f.specificity === 'general' ? [ev('/specificity', 'general')] : []),
    ...(f.form === 'oral' ? [ev('/form', 'oral')] : []),
    ev('/monitoring/mechanism', m)
  ]
  return hit(evidence,
    `The assurance from ${named(c)}, rated ${c.freedomStatus === 'NF' ? 'Not Free' : 'Partly Free'} by Freedom House, is given in general terms, and its keeping cannot be verified (${m === 'none' ? 'no monitoring' : 'consular visits only'}, no unfettered access to lawyers), with no record of similar assurances being kept.`,
    15)
}

/**
 * Torture risk for a targeted person also where a UN treaty body or the European Court of Human Rights
 * has found torture of detainees widespread (for some states only for a named ethnic group), not only
 * where the country reference flags torture as systematic.
 */
export const tortureRiskWithFindingsOf = (rulesetVersion: string): RnRule => (f, ctx) => {
  const systematic = tortureRiskTargetedPerson(f, ctx)
  if (systematic !== null) return systematic
  const dates = redNoticeProceedingDates(f)
  const finding = tortureFindingFor(f.requestingCountry, f.subject.ethnicity, rulesetVersion, dates)
  if (finding === null) return null
  const { evidence, who } = targetedEvidence(f, ctx)
  if (finding.groups !== undefined && f.subject.ethnicity !== undefined) {
    evidence.push(ev('/subject/ethnicity', f.subject.ethnicity)); who.push(`of ${f.subject.ethnicity} ethnicity`)
  }
  if (f.subject.priorIllTreatmentInRequestingCountry === true) {
    evidence.push(ev('/subject/priorIllTreatmentInRequestingCountry', true)); who.push('previously ill-treated there')
  }
  if (evidence.length === 0) return null
  const c = ctx.requestingCountry
  const where = c === null ? f.requestingCountry : named(c)
  // A finding about an ended period is read because the proceedings fall within it: name the dates that do.
  const within = finding.period?.until === undefined ? [] : dates.filter(d => findingCovers(finding, [d]))
  const when = within.length === 0 ? '' : ` at the time of the proceedings (${listText([...new Set(within)])})`
  return hit([...new Set(evidence), `${where}: ${finding.source.reference ?? finding.source.title ?? ''}${when === '' ? '' : ` (${findingPeriodText(finding)})`}`],
    `For ${where}${when}, ${finding.finding} (${finding.source.publisher ?? ''}, ${finding.source.reference ?? ''}); the person (${listText([...new Set(who)])}) has a profile exposed to it on return, whatever the charge.`)
}
export const tortureRiskWithFindings: RnRule = tortureRiskWithFindingsOf('2026.12.2')

/**
 * Leaving office ends the immunity many states give serving officials (UNCAC Art. 30(2) asks states to
 * balance such immunities against prosecution), so a charge soon after it is the ordinary course of an
 * anti-corruption case. It counts as a political turn only for a person who is also an opponent, critic
 * or other targeted person, i.e. an opponent of the government now in power; a change of government, an
 * election, a protest and the other turns count as before.
 */
export const TURNS_2026_12_2: TurnTest = (f) => {
  const opponent = (f.subject.profiles ?? []).some(p => PERSECUTED_PROFILES.includes(p))
  return t => t === 'left_office' ? opponent : ['change_of_government', 'political_activity_began', 'election', 'protest', 'public_criticism', 'defection'].includes(t)
}
export const statusContextTiming2 = statusContextTimingWith(TURNS_2026_12_2, true)
export const chargesFollowPoliticalEvent2 = chargesFollowPoliticalEventWith(TURNS_2026_12_2, true)

/**
 * An asylum claim examined and refused by a state rated Free (an asylum system under judicial review,
 * bound by the Refugee Convention) is a finding against the persecution the claim alleged. Refusals by
 * states not rated Free are not: they are a documented pattern against exiles of their allies.
 */
export const asylumRefusedByFreeState: RnRule = (f, ctx) => {
  const status = f.subject.asylum?.status
  if (status === 'recognized_refugee' || status === 'subsidiary_protection') return null
  const found = eventsOfType(f, 'asylum_refused').flatMap(({ event, index }) => {
    if (event.country === undefined || event.country === f.requestingCountry) return []
    const state = ctx.countryOf?.(event.country) ?? null
    return state?.freedomStatus === 'F' ? [{ index, state }] : []
  })
  return hit(found.flatMap(x => [ev(`/events/${x.index}/type`, 'asylum_refused'), countryEv(x.state, 'freedomStatus')]),
    `The person's asylum claim was examined and refused in ${listText([...new Set(found.map(x => named(x.state)))])}, rated Free by Freedom House.`)
}
