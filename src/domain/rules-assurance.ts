import type { Rule } from './engine.ts'
import { countryEv, ev, hit } from './evidence.ts'
import type { AssuranceContext, AssuranceFacts, CountryContext } from './types.ts'

type AsRule = Rule<AssuranceFacts, AssuranceContext>

// Every rule fires only on an explicit answer (`=== false`, a named value): an absent field is unknown
// and adds nothing, so filling in a favourable answer can never raise the score. (Up to 2026.12.2; since
// 2026.12.3 four of these rules count a safeguard the report does not show: rules-assurance-2026-12-3.ts.)

function flagRule (field: keyof AssuranceFacts, bad: boolean, fact: (f: AssuranceFacts) => string): AsRule {
  return (f) => f[field] === bad ? hit([ev(`/${field}`, bad)], fact(f)) : null
}

export const termsUndisclosed = flagRule('termsDisclosed', false,
  f => `The terms of the assurance given by ${f.givingState} have not been disclosed.`)

export const notSpecific: AsRule = (f) => {
  if (f.specificity === 'general') {
    const evidence = [ev('/specificity', f.specificity), ...(f.form === 'oral' ? [ev('/form', f.form)] : [])]
    return hit(evidence, `The assurance given by ${f.givingState} is general rather than specific${f.form === 'oral' ? ' and was given orally' : ''}.`, 10)
  }
  if (f.form === 'oral') return hit([ev('/form', f.form)], `The assurance given by ${f.givingState} was given orally.`, 6)
  return null
}

export const giverLacksAuthority: AsRule = (f) => {
  const level = f.givenBy?.level
  const weakLevel = level === 'embassy' || level === 'regional_authority' || level === 'other'
  const evidence = [
    ...(f.bindsState === false ? [ev('/bindsState', false)] : []),
    ...(weakLevel ? [ev('/givenBy/level', level)] : [])
  ]
  const who = level === undefined ? '' : ` (given at ${level.replaceAll('_', ' ')} level)`
  return hit(evidence,
    f.bindsState === false
      ? `The assurance${who} does not bind the state of ${f.givingState}.`
      : `The assurance was given at ${level?.replaceAll('_', ' ') ?? ''} level, which may not bind the state of ${f.givingState}.`,
    f.bindsState === false ? 10 : 5)
}

export const regionalAuthoritiesNotBound = flagRule('bindsRegionalAuthorities', false,
  f => `The assurance does not bind regional or local authorities of ${f.givingState}, whose forces would hold the person.`)

export const coversUnlawfulTreatment = flagRule('treatmentUnlawfulInGivingState', true,
  f => `The assurance promises to refrain from treatment that is already unlawful in ${f.givingState}.`)

export const recordBreached: AsRule = (f) => f.priorCompliance === 'breached'
  ? hit([ev('/priorCompliance', f.priorCompliance)], `${f.givingState} has breached similar assurances before.`)
  : null

export const noMonitoring: AsRule = (f) => {
  const m = f.monitoring?.mechanism
  if (m === 'none') return hit([ev('/monitoring/mechanism', m)], 'No mechanism exists to monitor compliance with the assurance.', 12)
  if (m === 'consular_visits') return hit([ev('/monitoring/mechanism', m)], 'Compliance would be monitored only by consular visits.', 4)
  return null
}

export const noLawyerAccess: AsRule = (f) => {
  const l = f.monitoring?.lawyerAccess
  if (l === 'none') return hit([ev('/monitoring/lawyerAccess', l)], 'The assurance gives the person no access to lawyers.', 8)
  if (l === 'limited') return hit([ev('/monitoring/lawyerAccess', l)], 'The assurance gives the person only limited access to lawyers.', 4)
  return null
}

export const subjectPreviouslyIllTreated = flagRule('subjectPreviouslyIllTreated', true,
  f => `The person has previously been ill-treated in ${f.givingState}.`)

export const noDomesticCourtReview = flagRule('reviewedByDomesticCourt', false,
  f => `No court of ${f.receivingState} has examined the reliability of the assurance.`)

function stateRule (test: (c: CountryContext) => { evidence: string[], fact: string, points?: number } | null): AsRule {
  return (_f, ctx) => {
    const c = ctx.givingState
    if (c === null) return null
    const found = test(c)
    return found === null ? null : hit(found.evidence, found.fact, found.points)
  }
}

export const giverOutsideEchr = stateRule(c => c.echrParty
  ? null
  : {
      evidence: [countryEv(c, 'echrParty'), ...(c.echrLeftOn == null ? [] : [countryEv(c, 'echrLeftOn')])],
      fact: `${c.name}, which gave the assurance, is not a party to the ECHR${c.echrLeftOn == null ? '' : ` since ${c.echrLeftOn}`}.`
    })

export const tortureTreatyGaps = stateRule(c => {
  if (c.catParty === false) return { evidence: [countryEv(c, 'catParty')], fact: `${c.name} is not a party to the UN Convention against Torture.`, points: 6 }
  if (c.opcatParty === false) return { evidence: [countryEv(c, 'opcatParty')], fact: `${c.name} has not accepted preventive visits under OPCAT.`, points: 3 }
  return null
})

export const systematicTorture = stateRule(c => c.systematicTorture === true
  ? { evidence: [countryEv(c, 'systematicTorture')], fact: `Torture is documented as systematic in ${c.name}${c.code === 'RU' ? ', notably in the North Caucasus' : ''}.` }
  : null)

export const ruleOfLawDeficit = stateRule(c => {
  if (c.freedomStatus !== 'NF' && c.freedomStatus !== 'PF') return null
  return {
    evidence: [countryEv(c, 'freedomStatus')],
    fact: `Freedom House rates ${c.name} ${c.freedomStatus === 'NF' ? 'Not Free' : 'Partly Free'}${c.freedomYear === null ? '' : ` for ${c.freedomYear}`}.`,
    points: c.freedomStatus === 'NF' ? 4 : 2
  }
})

export const independentMonitoring: AsRule = (f) => {
  const m = f.monitoring?.mechanism
  if ((m !== 'independent_body' && m !== 'ngo_access') || f.monitoring?.lawyerAccess !== 'unfettered') return null
  return hit([ev('/monitoring/mechanism', m), ev('/monitoring/lawyerAccess', 'unfettered')],
    `Compliance is monitored by ${m === 'ngo_access' ? 'NGOs' : 'an independent body'} and the person has unfettered access to lawyers.`)
}

export const recordKept: AsRule = (f) => f.priorCompliance === 'kept'
  ? hit([ev('/priorCompliance', f.priorCompliance)], `${f.givingState} is reported to have kept similar assurances.`)
  : null
