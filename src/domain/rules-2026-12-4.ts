import type { Rule } from './engine.ts'
import { countryEv, ev, hit } from './evidence.ts'
import { groupMemberships, type GroupMember } from './group-torture-risk.ts'
import { generalSituationTier, groupFindingHit, named } from './rules-2026-12-3.ts'
import { tortureRiskWithFindingsOf } from './rules-2026-12-2.ts'
import { othmanCombinationWith, systematicOrWidespreadTortureWith, tortureNotCoveredWith, tortureRecordOf, type GivingStateRecord } from './rules-assurance-2026-12-3.ts'
import type { AssuranceContext, AssuranceFacts, CountryContext, RedNoticeFacts, ScoringContext } from './types.ts'
import type { EventType } from './vocabulary.ts'

// Rules changed by ruleset 2026.12.4 (docs/scoring-evaluation.md). Pure functions of the facts and
// context; each only gains evidence as facts are added.

type RnRule = Rule<RedNoticeFacts, ScoringContext>
type AsRule = Rule<AssuranceFacts, AssuranceContext>

/**
 * Where the European Court of Human Rights has found torture in a state's places of detention so
 * widespread that it amounts to a general situation of violence, the person need only show that they
 * will be detained there (Liu v. Poland, 2022; Soldatenko v. Ukraine, 2008): the Court has then found
 * that the extradition itself would breach Article 3, whatever the charge. For a person in a state
 * party to the Convention that is the outcome its courts must reach, so it weighs 30; elsewhere the
 * judgment binds no court, and the facts it rests on are read as the state's torture record.
 */
export const GENERAL_VIOLENCE_POINTS = 30

const HELD_IN: ReadonlySet<EventType> = new Set<EventType>(['arrest', 'detention', 'extradition_requested', 'extradition_approved'])

/**
 * A state party to the Convention the person is in: the current country, or where arrested, held or
 * asked for. Any of them counts (not only the latest), so that adding a fact never removes the tier.
 */
function echrStateOfPerson (f: RedNoticeFacts, ctx: ScoringContext): { pointer: string, value: string, state: CountryContext } | null {
  const places: Array<[string, string | undefined, string | undefined]> = [
    ['/subject/currentCountry', f.subject.currentCountry, undefined],
    ...f.events.map((e, i): [string, string | undefined, string | undefined] => [`/events/${i}/country`, HELD_IN.has(e.type) ? e.country : undefined, e.date])
  ]
  for (const [pointer, code, date] of places) {
    if (code === undefined) continue
    const state = ctx.countryOf?.(code) ?? null
    if (state !== null && partyOn(state, date)) return { pointer, value: code, state }
  }
  return null
}

/** A party to the Convention then: a state that has left it (Russia, 16 September 2022) was one before. */
function partyOn (state: CountryContext, date: string | undefined): boolean {
  if (state.echrParty) return true
  return state.echrLeftOn !== null && state.echrLeftOn !== undefined && date !== undefined && date < state.echrLeftOn
}

/** Findings of widespread torture as 2026.12.4 reads them (reference data entries with `addedIn: 2026.12.4` too). */
const tortureRecord4 = tortureRecordOf('2026.12.4')

/** The risk of torture established for a group or by a general situation, reading the reference data as `rulesetVersion` does. */
export const tortureRiskEstablishedForGroupOf = (rulesetVersion: string): RnRule => {
  const generalSituation = generalSituationTier(tortureRiskWithFindingsOf(rulesetVersion))
  return (f, ctx) => {
    const bound = echrStateOfPerson(f, ctx)
    const generalViolence = (m: GroupMember): boolean => m.finding.body === 'ecthr' && m.finding.group.allDetainees === true
    // A general situation of violence counts where the judgment binds the courts deciding; elsewhere the
    // next finding (a narrower group's), or the general situation with a profile, applies.
    const member = groupMemberships(f, rulesetVersion).find(m => bound !== null || !generalViolence(m))
    if (member === undefined) return generalSituation(f, ctx)
    if (bound === null || !generalViolence(member)) return groupFindingHit(f, ctx, member)
    const { finding, pointers } = member
    const s = finding.sources[0]
    const where = named(ctx.requestingCountry, f.requestingCountry)
    return hit([...pointers.map(([p, v]) => ev(p, v)), `${where}: ${finding.sources.map(x => x.reference ?? x.title ?? '').join('; ')}`, ev(bound.pointer, bound.value), countryEv(bound.state, 'echrParty')],
      `The person is sought by ${where} to be detained there and is in ${bound.state.name}, a state party to the European Convention on Human Rights. For ${where}, ${finding.finding} (${s?.title ?? ''}, ${s?.reference ?? ''}, ${s?.url ?? ''}); where ill-treatment in detention amounts to a general situation of violence, being detained there is enough to establish the risk for the person, and Article 3 admits no exception for the gravity of the charge (Saadi v. Italy, §§ 137–138).`,
      GENERAL_VIOLENCE_POINTS)
  }
}
export const tortureRiskEstablishedForGroup4: RnRule = tortureRiskEstablishedForGroupOf('2026.12.4')

/**
 * Othman § 189 factor (ix) asks whether the giving state has an effective system of protection against
 * torture and cooperates with international monitoring. A state that is not a party to the UN Convention
 * against Torture has accepted neither the treaty's obligation nor the Committee's review; where it is also
 * rated Partly Free or Not Free, nothing outside its word stands behind the assurance (the Court weighed
 * China's non-ratification of the ICCPR and OPCAT in Liu v. Poland). For the combination that reads like a
 * record of torture: the assurance's own specificity and verification have to carry it.
 */
export function noTreatyRecord (c: CountryContext): GivingStateRecord | null {
  if (c.catParty !== false || (c.freedomStatus !== 'PF' && c.freedomStatus !== 'NF')) return null
  return {
    evidence: countryEv(c, 'catParty'),
    clause: `which is not a party to the UN Convention against Torture (no treaty obligation against torture and no review by its Committee) and is rated ${c.freedomStatus === 'NF' ? 'Not Free' : 'Partly Free'} by Freedom House`
  }
}

export const othmanCombination4: AsRule = othmanCombinationWith(c => tortureRecord4(c) ?? noTreatyRecord(c))
export const systematicOrWidespreadTorture4: AsRule = systematicOrWidespreadTortureWith(tortureRecord4)
export const tortureNotCovered4: AsRule = tortureNotCoveredWith(tortureRecord4)
