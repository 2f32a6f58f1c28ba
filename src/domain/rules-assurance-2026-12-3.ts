import type { Rule } from './engine.ts'
import { countryEv, ev, hit } from './evidence.ts'
import { assuranceDates } from './fact-dates.ts'
import { findingPeriodText, tortureFindingFor } from './torture-findings.ts'
import type { AssuranceContext, AssuranceFacts, CountryContext } from './types.ts'

// Assurance rules changed by ruleset 2026.12.3 (docs/scoring-evaluation.md). The state relying on an
// assurance has to show that it protects (Othman §§ 187–189; Saadi §§ 147–148): a safeguard the report
// does not show is not credited. It weighs half of an explicit failure, so an explicit answer still moves
// the score both ways (a favourable one never raises it), and the explanation says what was not shown.

type AsRule = Rule<AssuranceFacts, AssuranceContext>

const named = (c: CountryContext): string => `${c.name} (${c.code})`
const RATING = { F: 'Free', PF: 'Partly Free', NF: 'Not Free' } as const

export const termsUndisclosedOrNotShown: AsRule = (f) => {
  if (f.termsDisclosed === false) return hit([ev('/termsDisclosed', false)], `The terms of the assurance given by ${f.givingState} have not been disclosed.`, 12)
  if (f.termsDisclosed === undefined) return hit([ev('/termsDisclosed', null)], `The report does not say that the terms of the assurance given by ${f.givingState} have been disclosed.`, 6)
  return null
}

export const notSpecificOrNotShown: AsRule = (f) => {
  if (f.specificity === 'general') {
    const evidence = [ev('/specificity', f.specificity), ...(f.form === 'oral' ? [ev('/form', f.form)] : [])]
    return hit(evidence, `The assurance given by ${f.givingState} is general rather than specific${f.form === 'oral' ? ' and was given orally' : ''}.`, 10)
  }
  if (f.form === 'oral') return hit([ev('/form', f.form)], `The assurance given by ${f.givingState} was given orally.`, 6)
  if (f.specificity === undefined) return hit([ev('/specificity', null)], `The report does not say that the assurance given by ${f.givingState} is specific rather than general.`, 5)
  return null
}

export const giverLacksAuthorityOrNotShown: AsRule = (f) => {
  const level = f.givenBy?.level
  if (f.bindsState === false) {
    return hit([ev('/bindsState', false), ...(level === undefined ? [] : [ev('/givenBy/level', level)])],
      `The assurance${level === undefined ? '' : ` (given at ${level.replaceAll('_', ' ')} level)`} does not bind the state of ${f.givingState}.`, 10)
  }
  if (level === 'embassy' || level === 'regional_authority' || level === 'other') {
    return hit([ev('/givenBy/level', level)], `The assurance was given at ${level.replaceAll('_', ' ')} level, which may not bind the state of ${f.givingState}.`, 5)
  }
  if (f.bindsState === undefined && level === undefined) {
    return hit([ev('/bindsState', null), ev('/givenBy/level', null)], `The report does not say at what level the assurance was given, nor that its giver can bind the state of ${f.givingState}.`, 5)
  }
  return null
}

export const noMonitoringOrNotShown: AsRule = (f) => {
  const m = f.monitoring?.mechanism
  if (m === 'none') return hit([ev('/monitoring/mechanism', m)], 'No mechanism exists to monitor compliance with the assurance.', 12)
  if (m === undefined) return hit([ev('/monitoring/mechanism', null)], 'The report does not say that any body monitors compliance with the assurance.', 6)
  if (m === 'consular_visits') return hit([ev('/monitoring/mechanism', m)], 'Compliance would be monitored only by consular visits.', 4)
  return null
}

/** What the report shows of how an assurance's keeping could be checked, in words. */
export function verificationText (f: AssuranceFacts): string {
  const m = f.monitoring?.mechanism
  const lawyers = f.monitoring?.lawyerAccess
  return m === undefined && lawyers === undefined
    ? 'the report says neither that any body monitors it nor that the person has unfettered access to lawyers'
    : `${m === 'none' ? 'no monitoring' : m === 'consular_visits' ? 'consular visits only' : m === undefined ? 'the report does not say that any body monitors it' : 'no independent monitoring'}, ${lawyers === undefined ? 'and the report does not say that the person has unfettered access to lawyers' : `access to lawyers ${lawyers}`}`
}

/** A finding of widespread torture applies to an assurance only when it is not limited to an ethnic group (the assurance does not say who the person is). */
export interface GivingStateRecord { evidence: string, clause: string }

/** The giving state's record of torture as a ruleset reads it, at the time the assurance was given (when the report says). */
export type GivingStateRecordOf = (c: CountryContext, f?: AssuranceFacts) => GivingStateRecord | null

export const tortureRecordOf = (rulesetVersion: string): GivingStateRecordOf => (c, f) => {
  if (c.systematicTorture === true) return { evidence: countryEv(c, 'systematicTorture'), clause: 'where torture is systematic' }
  const finding = tortureFindingFor(c.code, undefined, rulesetVersion, f === undefined ? [] : assuranceDates(f), 'given')
  if (finding === null) return null
  const ref = finding.source.reference ?? finding.source.title ?? ''
  // A finding about an ended period is read because the assurance was given within it: say so.
  const when = finding.period?.until === undefined || f?.givenOn === undefined ? '' : `, when the assurance was given (${f.givenOn}), `
  // No '=' in the evidence: it is a sentence, not a pointer and its value.
  const period = when === '' ? '' : ` (${findingPeriodText(finding)}; the assurance was given on ${f?.givenOn ?? ''})`
  return { evidence: `${named(c)}: ${ref}${period}`, clause: `where${when === '' ? ' ' : when}${finding.finding} (${finding.source.publisher ?? ''}, ${ref})` }
}
export const tortureRecord = tortureRecordOf('2026.12.2')

export const systematicOrWidespreadTortureWith = (recordOf: GivingStateRecordOf): AsRule => (f, ctx) => {
  const c = ctx.givingState
  if (c === null) return null
  const record = recordOf(c, f)
  if (record === null) return null
  return c.systematicTorture === true
    ? hit([record.evidence], `Torture is documented as systematic in ${c.name}${c.code === 'RU' ? ', notably in the North Caucasus' : ''}.`)
    : hit([record.evidence], `For ${named(c)}, which gave the assurance, ${record.clause.replace(/^where /, '')}.`)
}
export const systematicOrWidespreadTorture: AsRule = systematicOrWidespreadTortureWith(tortureRecord)

/**
 * Othman § 189 factors (ii) specificity, (vii) record of compliance and (viii) objective verification,
 * read with factor (ix), the general situation (Othman § 187; Agiza § 13.4; Ismoilov § 127): a promise
 * not shown to be specific, whose keeping is not shown to be verifiable and which the giving state has
 * not been seen to keep gives no protection in itself; how much that weighs depends on the giving state.
 * Tiers never rise as the giving state's record improves.
 */
export const othmanCombinationWith = (recordOf: GivingStateRecordOf): AsRule => (f, ctx) => {
  const c = ctx.givingState
  if (c === null || f.priorCompliance === 'kept') return null
  const m = f.monitoring?.mechanism
  const lawyers = f.monitoring?.lawyerAccess
  const notSpecific = f.specificity !== 'specific' || f.form === 'oral'
  const unverifiable = m !== 'independent_body' && m !== 'ngo_access' && lawyers !== 'unfettered'
  const record = recordOf(c, f)
  const notFree = c.freedomStatus === 'PF' || c.freedomStatus === 'NF'
  const both = notSpecific && unverifiable
  // Where the giving state is rated Free its institutions can hold it to its word, so only defects the
  // report states (not mere silence) combine there.
  const bothStated = (f.specificity === 'general' || f.form === 'oral') && (m === 'none' || m === 'consular_visits') && lawyers !== 'unfettered'
  const points = record !== null
    ? (both ? 30 : notSpecific || unverifiable ? 20 : 0)
    : !both ? 0 : notFree ? 25 : !c.echrParty && bothStated ? 15 : 0
  if (points === 0) return null

  const terms = f.specificity === 'general'
    ? 'it is given in general terms'
    : f.form === 'oral'
      ? 'it was given orally'
      : 'it is not shown to be specific (the report does not say that its terms are specific)'
  const verification = verificationText(f)
  const parts = [...(notSpecific ? [terms] : []), ...(unverifiable ? [`its keeping is not shown to be verifiable (${verification})`] : [])]
  const where = record !== null
    ? `, ${record.clause}`
    : notFree
      ? `, rated ${RATING[c.freedomStatus ?? 'NF']} by Freedom House`
      : ', which is not a party to the European Convention on Human Rights'
  const evidence = [
    record !== null ? record.evidence : notFree ? countryEv(c, 'freedomStatus') : countryEv(c, 'echrParty'),
    ...(notSpecific ? [f.form === 'oral' && f.specificity !== 'general' ? ev('/form', 'oral') : ev('/specificity', f.specificity ?? null)] : []),
    ...(unverifiable ? [ev('/monitoring/mechanism', m ?? null), ev('/monitoring/lawyerAccess', lawyers ?? null)] : []),
    ev('/priorCompliance', f.priorCompliance ?? null)
  ]
  return hit(evidence,
    `The assurance comes from ${named(c)}${where}: ${parts.join(', and ')}; no record shows similar assurances being kept. These defects together leave the assurance without protective weight.`,
    points)
}
export const othmanCombinationNotShown: AsRule = othmanCombinationWith(tortureRecord)

const SUBJECT_WORDS: Readonly<Record<string, string>> = {
  torture_ill_treatment: 'torture or ill-treatment', death_penalty: 'the death penalty', fair_trial: 'a fair trial', detention_conditions: 'detention conditions', other: 'other matters'
}

/**
 * Othman § 187 asks first whether the general situation leaves a real risk, then whether the assurance
 * answers it: a promise about the death penalty or a fair trial from a state where torture is systematic
 * or found widespread leaves the risk of torture unaddressed. Fires only when the report states what the
 * assurance covers.
 */
export const tortureNotCoveredWith = (recordOf: GivingStateRecordOf): AsRule => (f, ctx) => {
  const c = ctx.givingState
  if (c === null || f.covers === undefined || f.covers.length === 0 || f.covers.includes('torture_ill_treatment')) return null
  const record = recordOf(c, f)
  if (record === null) return null
  return hit([record.evidence, ev('/covers', f.covers)],
    `The assurance from ${named(c)} covers only ${f.covers.map(s => SUBJECT_WORDS[s] ?? s).join(' and ')}, not torture or ill-treatment, although it comes from a state ${record.clause}.`)
}
export const tortureNotCovered: AsRule = tortureNotCoveredWith(tortureRecord)
