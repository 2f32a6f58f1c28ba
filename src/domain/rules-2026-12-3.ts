import type { Rule, RuleHit } from './engine.ts'
import { countryEv, ev, hit, listText } from './evidence.ts'
import { FINDING_BODY_TEXT, groupMembership, type FindingBody, type GroupMember } from './group-torture-risk.ts'
import { chargesFollowPoliticalEventWith, statusContextTimingWith, targetedPersonRepressiveStateOf, transnationalRepressionNaming, type TurnTest } from './rules-2026-12.ts'
import { transnationalRepressionRecord } from './transnational-repression.ts'
import { judicialTrust, tortureRiskWithFindings, TURNS_2026_12_2 } from './rules-2026-12-2.ts'
import type { ChargeCategory, CountryContext, RedNoticeFacts, ScoringContext } from './types.ts'

// Rules changed by ruleset 2026.12.3 (docs/scoring-evaluation.md). Pure functions of the facts and
// context; each only gains evidence as facts are added.

type RnRule = Rule<RedNoticeFacts, ScoringContext>

export const named = (c: CountryContext | null, code: string): string => c === null ? code : `${c.name} (${c.code})`

/**
 * Saadi v. Italy § 132: where a group, as a group, is found at real risk of ill-treatment in a state, a
 * person who belongs to it need show nothing more, whatever the charge. That is the risk itself, not an
 * inference from the general situation and a profile, so it takes a higher tier than 12: 20 for a
 * finding of the European Court of Human Rights, 15 for one of a UN human rights body or an OSCE
 * Moscow Mechanism rapporteur (the Court weighs such reports as evidence of the situation, Saadi
 * §§ 131, 143, and draws the conclusion on the risk itself). Otherwise the 2026.12.2 rule (general
 * situation plus a targeted profile) applies at 12.
 */
export const GROUP_RISK_POINTS: Readonly<Record<FindingBody, number>> = Object.freeze({ ecthr: 20, un: 15, osce: 15 })

/** The general situation with a targeted profile, at 12 under the group tiers (its 2026.12.2 weight). */
export const generalSituationTier = (general: RnRule): RnRule => (f, ctx) => {
  const found = general(f, ctx)
  return found === null ? null : { ...found, points: 12 }
}

/** The contribution of a person's membership of a group found at risk, in the finding's own words. */
export function groupFindingHit (f: RedNoticeFacts, ctx: ScoringContext, member: GroupMember): RuleHit | null {
  const { finding, pointers } = member
  const s = finding.sources[0]
  const where = named(ctx.requestingCountry, f.requestingCountry)
  const found = finding.body === 'ecthr' ? 'found at real risk of ill-treatment on return' : 'found, as a group, subjected to torture or ill-treatment'
  return hit([...pointers.map(([p, v]) => ev(p, v)), `${where}: ${finding.sources.map(x => x.reference ?? x.title ?? '').join('; ')}`],
    `The person belongs to a group ${FINDING_BODY_TEXT[finding.body]} has ${found}: ${finding.groupText}. For ${where}, ${finding.finding} (${s?.title ?? ''}, ${s?.reference ?? ''}, ${s?.url ?? ''}); membership of a group systematically exposed to ill-treatment is enough to establish the risk for the person (Saadi v. Italy, § 132).`,
    GROUP_RISK_POINTS[finding.body])
}

const generalSituation3 = generalSituationTier(tortureRiskWithFindings)
export const tortureRiskEstablishedForGroup: RnRule = (f, ctx) => {
  const member = groupMembership(f)
  return member === null ? generalSituation3(f, ctx) : groupFindingHit(f, ctx, member)
}

/**
 * Leaving office counts as a political turn for an opponent (2026.12.2) and, since 2026.12.3, for
 * anyone pursued by a state whose courts give no independent check (rated Not Free, or torture
 * systematic): the UNCAC Art. 30(2) reading, that a charge after leaving office is the ordinary end of
 * an immunity, presumes prosecutors and courts independent of the government that replaced the person.
 */
export const TURNS_2026_12_3 = (ctx: ScoringContext): TurnTest => (f) => {
  const base = TURNS_2026_12_2(f)
  const noIndependentCheck = judicialTrust(ctx.requestingCountry) === 'none'
  return t => base(t) || (t === 'left_office' && noIndependentCheck)
}

/**
 * Status × context × timing at 15 with timing, so that with the timing indicator (10) the three factors
 * together weigh 25, as 2026.12.1's rationale intended; 2026.12.1 counted the same timing twice (25 + 10).
 */
export const statusContextTiming3: RnRule = (f, ctx) => {
  const found = statusContextTimingWith(TURNS_2026_12_3(ctx), true)(f, ctx)
  return found === null ? null : { ...found, points: Math.min(found.points ?? 25, 15) }
}
export const chargesFollowPoliticalEvent3: RnRule = (f, ctx) => chargesFollowPoliticalEventWith(TURNS_2026_12_3(ctx), true)(f, ctx)

const SECURITY: readonly ChargeCategory[] = ['terrorism', 'extremism', 'armed_group']
const CHARGE_WORDS: Partial<Record<ChargeCategory, string>> = { terrorism: 'terrorism', extremism: 'extremism', armed_group: 'an armed-group offence' }

/**
 * 2026.12.1 counted a terrorism, extremism or armed-group charge as the mark of a targeted person only
 * when it names no act. Since 2026.12.2 the detail of a charge counts for nothing where the requesting
 * state's courts give no independent check (Not Free, or torture systematic); the same holds here, so
 * there a detailed security charge is read as Freedom House reads such accusations, whatever its detail.
 */
export const targetedPersonRepressiveState3Of = (rulesetVersion: string): RnRule => {
  const targetedPerson = targetedPersonRepressiveStateOf(rulesetVersion)
  return (f, ctx) => detailedSecurityChargeIn(targetedPerson(f, ctx), f, ctx, rulesetVersion)
}

function detailedSecurityChargeIn (base: RuleHit | null, f: RedNoticeFacts, ctx: ScoringContext, rulesetVersion: string): RuleHit | null {
  const c = ctx.requestingCountry
  if (base !== null || c === null || judicialTrust(c) !== 'none') return base
  const record = transnationalRepressionRecord(f.requestingCountry, rulesetVersion)
  const detailed = f.charges.map((ch, i) => ({ ch, i })).filter(({ ch }) => SECURITY.includes(ch.category) && ch.particulars === 'specific')
  if (record === null || detailed.length === 0) return null
  const why = c.systematicTorture === true ? 'torture is systematic there' : 'it is rated Not Free by Freedom House'
  const cats = listText([...new Set(detailed.map(({ ch }) => CHARGE_WORDS[ch.category] ?? ch.category))])
  const what = record.tier === 'leading' ? 'one of the most prolific perpetrators of transnational repression' : 'an origin state of transnational repression against exiles'
  return hit([
    ...detailed.flatMap(({ ch, i }) => [ev(`/charges/${i}/category`, ch.category), ev(`/charges/${i}/particulars`, 'specific')]),
    countryEv(c, c.systematicTorture === true ? 'systematicTorture' : 'freedomStatus'),
    `${named(c, f.requestingCountry)} ${transnationalRepressionNaming(record).evidence}`
  ], `The person is accused of ${cats} by ${named(c, f.requestingCountry)}, which ${transnationalRepressionNaming(record).by} names as ${what}; the charge gives details, but ${why}, so its courts cannot be relied on to test them.`,
  record.tier === 'leading' ? 20 : 12)
}
export const targetedPersonRepressiveState3: RnRule = targetedPersonRepressiveState3Of('2026.12.1')
