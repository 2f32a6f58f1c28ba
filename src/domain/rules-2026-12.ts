import type { Rule } from './engine.ts'
import { contextText, countryEv, ev, eventsOfType, hit, isIsoDate, label, listText, profilesText, profileText } from './evidence.ts'
import { ethnicOrReligiousMinority, PERSECUTED_PROFILES, refugeeOrAsylumSeeker, protectionByAnotherState } from './rules-red-notice-subject.ts'
import { vagueSecurityCharge } from './rules-red-notice-case.ts'
import { transnationalRepressionRecord, type TransnationalRepressionRecord } from './transnational-repression.ts'
import type {
  AssuranceContext, AssuranceFacts, ChargeCategory, CountryCode, CountryContext, IsoDate, PoliticalContextType, Profile,
  RedNoticeFacts, ScoringContext
} from './types.ts'

// Rules added or changed by ruleset 2026.12.1 (docs/scoring-evaluation.md). Each is a pure function of
// the facts and context; aggravating rules only gain evidence as facts are added, mitigating rules only
// fire on facts that speak for an ordinary-law request.

type RnRule = Rule<RedNoticeFacts, ScoringContext>
type AsRule = Rule<AssuranceFacts, AssuranceContext>

/** Persons whose status Interpol's Article 3 practice weighs: critics, former officials, business people. */
export const STATUS_PROFILES: readonly Profile[] = [...PERSECUTED_PROFILES, 'former_official', 'business_person']
const SECURITY: readonly ChargeCategory[] = ['terrorism', 'extremism', 'armed_group']
const EXPRESSION_OR_MILITARY: readonly ChargeCategory[] = ['speech', 'insult_or_honour', 'assembly_or_protest', 'military_service']
/** Events that mark a political turn in the person's life or the state; an armed conflict is not one. */
const POLITICAL_TURNS: readonly PoliticalContextType[] = [
  'change_of_government', 'political_activity_began', 'election', 'protest', 'public_criticism', 'defection', 'left_office'
]
/** How long after a political turn a new charge still reads as following it (two years). */
const TIMING_WINDOW_DAYS = 730

function named (c: CountryContext | null, code: CountryCode): string {
  return c === null ? code : `${c.name} (${c.code})`
}

function daysBetween (from: IsoDate, to: IsoDate): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000
}

function statusProfiles (f: RedNoticeFacts): Profile[] {
  return (f.subject.profiles ?? []).filter(p => STATUS_PROFILES.includes(p))
}

/** Charges brought within two years after a political turn, with the evidence read. */
export function chargesAfterPoliticalTurn (f: RedNoticeFacts, isTurn: (type: PoliticalContextType) => boolean = t => POLITICAL_TURNS.includes(t), requestDateAlways = false): { evidence: string[], pairs: string[] } {
  const turns = (f.politicalContext ?? []).map((e, i) => ({ e, i })).filter(({ e }) => isTurn(e.type) && isIsoDate(e.date))
  const charged = f.charges.map((c, i) => ({ date: c.chargedOn, pointer: `/charges/${i}/chargedOn`, what: `charge ${i + 1} brought on` }))
    .filter((c): c is { date: IsoDate, pointer: string, what: string } => isIsoDate(c.date))
  // Without a charge date the request date stands in for it (SPEC: timing read against issuedOn);
  // from 2026.12.2 it always counts, so that adding a dated charge can never remove a timing sign.
  if ((charged.length === 0 || requestDateAlways) && isIsoDate(f.issuedOn)) charged.push({ date: f.issuedOn, pointer: '/issuedOn', what: 'request issued on' })
  const evidence: string[] = []
  const pairs: string[] = []
  for (const { e, i } of turns) {
    for (const c of charged) {
      const gap = daysBetween(e.date as IsoDate, c.date)
      if (gap < 0 || gap > TIMING_WINDOW_DAYS) continue
      evidence.push(ev(`/politicalContext/${i}/type`, e.type), ev(`/politicalContext/${i}/date`, e.date), ev(c.pointer, c.date))
      pairs.push(`${c.what} ${c.date}, ${Math.round(gap / 30.44)} month(s) after ${contextText(e.type)} on ${e.date ?? ''}`)
    }
  }
  return { evidence: [...new Set(evidence)], pairs }
}

/** Which political-context events count as a turn for this person (2026.12.2 narrows `left_office`). */
export type TurnTest = (f: RedNoticeFacts) => (type: PoliticalContextType) => boolean
const ANY_TURN: TurnTest = () => t => POLITICAL_TURNS.includes(t)

export const chargesFollowPoliticalEventWith = (turns: TurnTest, requestDateAlways = false): RnRule => (f) => {
  const { evidence, pairs } = chargesAfterPoliticalTurn(f, turns(f), requestDateAlways)
  return hit(evidence, `The case against the person followed a political event: ${listText(pairs)}.`)
}
export const chargesFollowPoliticalEvent: RnRule = chargesFollowPoliticalEventWith(ANY_TURN)

export const statusContextTimingWith = (turns: TurnTest, requestDateAlways = false): RnRule => (f, ctx) => {
  const c = ctx.requestingCountry
  const profiles = statusProfiles(f)
  if (c === null || profiles.length === 0 || (c.freedomStatus !== 'PF' && c.freedomStatus !== 'NF')) return null
  const timing = chargesAfterPoliticalTurn(f, turns(f), requestDateAlways)
  const rating = c.freedomStatus === 'NF' ? 'Not Free' : 'Partly Free'
  const evidence = [ev('/subject/profiles', profiles), countryEv(c, 'freedomStatus'), ...timing.evidence]
  const who = `The person (${profilesText(profiles)}) is pursued by ${named(c, c.code)}, rated ${rating} by Freedom House`
  return timing.pairs.length > 0
    ? hit(evidence, `${who}, and the charges came soon after a political event (${listText(timing.pairs)}).`, 25)
    : hit(evidence, `${who}.`, 12)
}
export const statusContextTiming: RnRule = statusContextTimingWith(ANY_TURN)

export function targetedEvidence (f: RedNoticeFacts, ctx: ScoringContext): { evidence: string[], who: string[] } {
  const profiles = (f.subject.profiles ?? []).filter(p => PERSECUTED_PROFILES.includes(p))
  const evidence = profiles.length > 0 ? [ev('/subject/profiles', profiles)] : []
  const who = profiles.map(profileText)
  const minority = ethnicOrReligiousMinority(f, ctx)
  if (minority !== null) { evidence.push(...minority.evidence); who.push('member of a targeted minority') }
  return { evidence, who }
}

/**
 * Freedom House finds that most transnational repression cases rest on terrorism or extremism
 * accusations: a security charge naming no act is itself the mark of a targeted person when the
 * requesting state has that record.
 */
function vagueSecurityEvidence (f: RedNoticeFacts): { evidence: string[], who: string[] } {
  const vague = f.charges.map((ch, i) => ({ ch, i })).filter(({ ch }) => SECURITY.includes(ch.category) && ch.particulars !== 'specific')
  return vague.length === 0
    ? { evidence: [], who: [] }
    : { evidence: vague.map(({ ch, i }) => ev(`/charges/${i}/category`, ch.category)), who: [`accused of ${listText([...new Set(vague.map(({ ch }) => label(ch.category)))])} without a named act`] }
}

/** Who names the state, in the evidence and the explanation: Freedom House's reports, or the page cited for a state added later. */
export function transnationalRepressionNaming (record: TransnationalRepressionRecord): { by: string, evidence: string } {
  const tier = record.tier === 'leading' ? 'leading perpetrator' : 'documented perpetrator'
  if (record.source === undefined) return { by: 'Freedom House', evidence: `in Freedom House's transnational repression record: ${tier}` }
  const s = record.source
  return { by: `${s.publisher}, in ${s.title} (${s.date}),`, evidence: `named as a ${tier} of transnational repression by ${s.publisher}: ${s.title} (${s.date}${s.reference === undefined ? '' : `, ${s.reference}`})` }
}

export const targetedPersonRepressiveStateOf = (rulesetVersion: string): RnRule => (f, ctx) => {
  const record = transnationalRepressionRecord(f.requestingCountry, rulesetVersion)
  if (record === null) return null
  const person = targetedEvidence(f, ctx)
  const security = vagueSecurityEvidence(f)
  const evidence = [...person.evidence, ...security.evidence]
  const who = [...person.who, ...security.who]
  if (evidence.length === 0) return null
  const c = ctx.requestingCountry
  const count = record.incidents === null ? '' : ` (${record.incidents} direct physical incidents counted from 2014 to 2022)`
  const what = record.tier === 'leading'
    ? `one of the most prolific perpetrators of transnational repression${count}`
    : 'an origin state of transnational repression against exiles'
  const naming = transnationalRepressionNaming(record)
  return hit([...evidence, `${named(c, f.requestingCountry)} ${naming.evidence}`],
    `The person (${listText(who)}) is sought by ${named(c, f.requestingCountry)}, which ${naming.by} names as ${what}.`,
    record.tier === 'leading' ? 20 : 12)
}
export const targetedPersonRepressiveState: RnRule = targetedPersonRepressiveStateOf('2026.12.1')

export const tortureRiskTargetedPerson: RnRule = (f, ctx) => {
  const c = ctx.requestingCountry
  if (c === null || c.systematicTorture !== true) return null
  const { evidence, who } = targetedEvidence(f, ctx)
  if (f.subject.priorIllTreatmentInRequestingCountry === true) {
    evidence.push(ev('/subject/priorIllTreatmentInRequestingCountry', true)); who.push('previously ill-treated there')
  }
  if (evidence.length === 0) return null
  return hit([...evidence, countryEv(c, 'systematicTorture')],
    `Torture is documented as systematic in ${named(c, c.code)} and the person (${listText(who)}) has a profile exposed to it on return, whatever the charge.`)
}

export const vagueSecurityChargeUnlessSpecific: RnRule = (f, ctx) => {
  const vague = f.charges.filter(ch => SECURITY.includes(ch.category) && ch.particulars !== 'specific')
  if (vague.length === 0) return null
  return vagueSecurityCharge({ ...f, charges: vague }, ctx)
}

/** Refugee Convention Art. 1F(a): no protection for a person seriously suspected of an international crime. */
function specificInternationalCrime (f: RedNoticeFacts): number[] {
  return f.charges.flatMap((ch, i) => ch.category === 'international_crime' && ch.particulars === 'specific' ? [i] : [])
}

/**
 * Interpol's refugee policy protects a refugee against requests from the state where they fear
 * persecution: with the person's nationalities known, a request from a state that is not one of them is
 * not covered (the state of persecution is, in practice, the state of nationality).
 */
function requestFromStateOfNationality (f: RedNoticeFacts): boolean {
  const nationalities = f.subject.nationalities ?? []
  return nationalities.length === 0 || nationalities.includes(f.requestingCountry)
}

export const refugeeUnlessExcluded: RnRule = (f, ctx) =>
  specificInternationalCrime(f).length > 0 || !requestFromStateOfNationality(f) ? null : refugeeOrAsylumSeeker(f, ctx)
export const protectionUnlessExcluded: RnRule = (f, ctx) => specificInternationalCrime(f).length > 0 ? null : protectionByAnotherState(f, ctx)

/**
 * Charges of acts with victims or damage, where a named act is what separates a real case from a
 * contrived one. Economic charges are left out: detailed accounts of business dealings are the usual
 * form of abusive requests against opponents and former officials, so detail does not answer motive there.
 */
export const ACTS_WITH_VICTIMS: readonly ChargeCategory[] = [
  'terrorism', 'extremism', 'armed_group', 'violent', 'sexual', 'drugs', 'property', 'international_crime'
]

/** Every charge is of one of these categories and names the act; a ruleset chooses the categories. */
export const specificCheckableChargesOf = (categories: readonly ChargeCategory[]): RnRule => (f) => {
  if (f.charges.length === 0 || f.charges.some(ch => ch.particulars !== 'specific' || !categories.includes(ch.category))) return null
  return hit(f.charges.map((_ch, i) => ev(`/charges/${i}/particulars`, 'specific')),
    // The charge's own wording is free text that can name people: the sentence names its category only.
    `Every charge names a checkable act (date, place and victims or damage): ${listText(f.charges.map(ch => `a charge of category ${ch.category}`))}.`)
}
export const specificCheckableCharges: RnRule = specificCheckableChargesOf(ACTS_WITH_VICTIMS)

export const specificInternationalCrimeCharge: RnRule = (f) => {
  const found = specificInternationalCrime(f)
  return hit(found.flatMap(i => [ev(`/charges/${i}/category`, 'international_crime'), ev(`/charges/${i}/particulars`, 'specific')]),
    'The person is charged, with specific particulars, with genocide, a war crime or a crime against humanity, which Interpol supports member states in prosecuting and for which the Refugee Convention (Art. 1F(a)) gives no protection.')
}

function stateOf (code: CountryCode | undefined, ctx: ScoringContext): CountryContext | null {
  if (code === undefined) return ctx.requestingCountry
  if (ctx.requestingCountry?.code === code) return ctx.requestingCountry
  return ctx.countryOf?.(code) ?? null
}

export const convictionAfterAttendedTrial: RnRule = (f, ctx) => {
  if (f.charges.some(ch => EXPRESSION_OR_MILITARY.includes(ch.category))) return null
  const convictions = eventsOfType(f, 'conviction')
  if (convictions.length === 0) return null
  const states = convictions.map(({ event }) => stateOf(event.country, ctx))
  const free = states.some(s => s?.freedomStatus === 'F')
  const where = listText(convictions.map(({ event }, i) => named(states[i] ?? null, event.country ?? f.requestingCountry)))
  return hit(convictions.map(({ index, event }) => ev(`/events/${index}/type`, event.type)),
    `The person was sentenced for an ordinary-law offence after a trial they attended, in ${where}${free ? ', a state rated Free by Freedom House' : ''}.`,
    free ? 20 : 8)
}

export const coDefendantsConvictedIndependently: RnRule = (f, ctx) => {
  const found = eventsOfType(f, 'co_defendants_convicted')
    .map(({ event, index }) => ({ event, index, state: stateOf(event.country, ctx) }))
    .filter(x => x.state?.freedomStatus === 'F')
  return hit(found.flatMap(x => [ev(`/events/${x.index}/type`, x.event.type), ...(x.state === null ? [] : [countryEv(x.state, 'freedomStatus')])]),
    `Co-defendants have been convicted for the same facts by courts of ${listText(found.map(x => named(x.state, x.event.country ?? '')))}, rated Free by Freedom House.`)
}

export const requestingStateJudicialOversight: RnRule = (_f, ctx) => {
  const c = ctx.requestingCountry
  if (c === null || !c.echrParty || c.freedomStatus !== 'F') return null
  return hit([countryEv(c, 'echrParty'), countryEv(c, 'freedomStatus')],
    `${named(c, c.code)} is a party to the European Convention on Human Rights, under the European Court of Human Rights, and rated Free by Freedom House.`)
}

// ---- assurances ---------------------------------------------------------------------------

/**
 * Othman §§187–189 and Agiza: where torture is systematic, general terms and consular-only (or no)
 * monitoring are not independent small defects but together leave the promise with no weight at all.
 */
export const othmanCombination: AsRule = (f, ctx) => {
  const c = ctx.givingState
  if (c === null || c.systematicTorture !== true || f.priorCompliance === 'kept') return null
  const general = f.specificity === 'general' || f.form === 'oral'
  const m = f.monitoring?.mechanism
  const weakMonitoring = m === 'none' || m === 'consular_visits'
  if (!general && !weakMonitoring) return null
  const evidence = [
    countryEv(c, 'systematicTorture'),
    ...(f.specificity === 'general' ? [ev('/specificity', 'general')] : []),
    ...(f.form === 'oral' ? [ev('/form', 'oral')] : []),
    ...(weakMonitoring ? [ev('/monitoring/mechanism', m)] : [])
  ]
  const defects = [...(general ? ['given in general terms'] : []), ...(weakMonitoring ? [m === 'none' ? 'without any monitoring' : 'with consular visits as the only monitoring'] : [])]
  return hit(evidence,
    `The assurance comes from ${named(c, c.code)}, where torture is systematic, and is ${listText(defects)}, with no record of similar assurances being kept.`,
    general && weakMonitoring ? 30 : 20)
}
