import type { Rule } from './engine.ts'
import { ev, eventsOfType, hit, isIsoDate, listText, profilesText, requestDates } from './evidence.ts'
import type { AsylumStatus, Profile, RedNoticeFacts, ScoringContext } from './types.ts'

type RnRule = Rule<RedNoticeFacts, ScoringContext>

const CONFIRMED: readonly AsylumStatus[] = ['recognized_refugee', 'subsidiary_protection']
const PROTECTED: readonly AsylumStatus[] = [...CONFIRMED, 'naturalized']

// Profiles PACE 2161 and the EP DROI study name as targets of persecution abroad. Business people and
// former officials are deliberately absent: they count only with an economic charge (indicator 4).
export const PERSECUTED_PROFILES: readonly Profile[] = [
  'political_opposition', 'activist', 'journalist', 'human_rights_defender', 'lawyer', 'ngo_worker',
  'religious_figure', 'lgbti', 'whistleblower', 'artist'
]

// Groups domain.md §3 #15 names, keyed by the state where they are a targeted group. Bahrain's Shia
// are a marginalised majority rather than a numerical minority; domain.md lists them all the same.
const NAMED_GROUPS: Readonly<Record<string, { ethnicity?: string[], religion?: string[] }>> = {
  RU: { ethnicity: ['chechen', 'dagestan', 'ingush'] },
  CN: { ethnicity: ['uyghur', 'uighur'] },
  TR: { ethnicity: ['kurd'] },
  IR: { ethnicity: ['kurd'] },
  SY: { ethnicity: ['kurd'] },
  IQ: { ethnicity: ['kurd'] },
  ID: { ethnicity: ['papua'] },
  BH: { religion: ['shia', "shi'a", 'shiite'] }
}

/** Protection counts only if granted by a state other than the requesting one. */
function protectionEvidence (f: RedNoticeFacts, statuses: readonly AsylumStatus[]): { evidence: string[], where: string[] } {
  const evidence: string[] = []
  const where: string[] = []
  const a = f.subject.asylum
  if (a !== undefined && statuses.includes(a.status) && a.country !== f.requestingCountry) {
    evidence.push(ev('/subject/asylum/status', a.status))
    if (a.country !== undefined) { evidence.push(ev('/subject/asylum/country', a.country)); where.push(a.country) }
  }
  for (const { event, index } of eventsOfType(f, 'asylum_granted')) {
    if (event.country === f.requestingCountry) continue
    evidence.push(ev(`/events/${index}/type`, event.type))
    if (event.country !== undefined) where.push(event.country)
  }
  return { evidence, where }
}

function nationalOfRequester (f: RedNoticeFacts): string {
  return f.subject.nationalities?.includes(f.requestingCountry) === true
    ? `, a national of ${f.requestingCountry},`
    : ''
}

export const refugeeOrAsylumSeeker: RnRule = (f) => {
  const { evidence, where } = protectionEvidence(f, CONFIRMED)
  if (evidence.length > 0) {
    return hit(evidence,
      `The subject${nationalOfRequester(f)} holds confirmed refugee or subsidiary protection status in ${listText(where) || 'another state'} and the request comes from ${f.requestingCountry}.`, 35)
  }
  const a = f.subject.asylum
  if (a?.status !== 'applied' || a.country === f.requestingCountry) return null
  const claim = [ev('/subject/asylum/status', a.status), ...(a.country === undefined ? [] : [ev('/subject/asylum/country', a.country)])]
  return hit(claim, `The subject${nationalOfRequester(f)} has applied for asylum in ${a.country ?? 'another state'} and the request comes from ${f.requestingCountry}.`, 15)
}

export const protectionByAnotherState: RnRule = (f) => {
  const { evidence, where } = protectionEvidence(f, PROTECTED)
  return hit(evidence, `${listText(where) || 'Another state'} granted the subject protection (asylum, subsidiary protection or citizenship).`)
}

export const targetedProfile: RnRule = (f) => {
  const profiles = (f.subject.profiles ?? []).filter(p => PERSECUTED_PROFILES.includes(p))
  return hit(profiles.map(p => ev('/subject/profiles', p)), `The subject is reported as ${profilesText(profiles)}.`)
}

export const relativesTargeted: RnRule = (f, ctx) => {
  const evidence: string[] = []
  const parts: string[] = []
  if (f.subject.relativesPressured === true) {
    evidence.push(ev('/subject/relativesPressured', true))
    parts.push("the subject's relatives have been pressured")
  }
  const events = eventsOfType(f, 'relatives_targeted')
  if (events.length > 0) {
    evidence.push(...events.map(({ index }) => ev(`/events/${index}/type`, 'relatives_targeted')))
    parts.push('relatives were targeted')
  }
  if (f.subject.profiles?.includes('relative_of_targeted_person') === true) {
    evidence.push(ev('/subject/profiles', 'relative_of_targeted_person'))
    parts.push('the subject is a relative of a targeted person')
  }
  if (ctx.linked.relativesTargeted > 0) {
    evidence.push(ev('linked/relativesTargeted', ctx.linked.relativesTargeted))
    parts.push(`${ctx.linked.relativesTargeted} linked report(s) concern relatives or co-accused`)
  }
  const [first = '', ...rest] = parts
  return hit(evidence, `${first.charAt(0).toUpperCase()}${first.slice(1)}${rest.length > 0 ? '; ' + rest.join('; ') : ''}.`)
}

export const ethnicOrReligiousMinority: RnRule = (f) => {
  const evidence: string[] = []
  for (const p of f.subject.profiles ?? []) {
    if (p === 'ethnic_minority' || p === 'religious_minority') evidence.push(ev('/subject/profiles', p))
  }
  const groups = NAMED_GROUPS[f.requestingCountry]
  const named: string[] = []
  const check = (pointer: string, text: string | undefined, words: string[] | undefined): void => {
    if (text === undefined || words === undefined || !words.some(w => text.toLowerCase().includes(w))) return
    evidence.push(ev(pointer, text))
    named.push(text)
  }
  check('/subject/ethnicity', f.subject.ethnicity, groups?.ethnicity)
  check('/subject/religion', f.subject.religion, groups?.religion)
  const group = named.length > 0 ? `the ${listText(named)} group, ` : ''
  return hit(evidence, `The subject is reported as belonging to ${group}an ethnic or religious minority; the request comes from ${f.requestingCountry}.`)
}

export const priorIllTreatment: RnRule = (f) => {
  const evidence: string[] = []
  if (f.subject.priorIllTreatmentInRequestingCountry === true) evidence.push(ev('/subject/priorIllTreatmentInRequestingCountry', true))
  for (const { event, index } of eventsOfType(f, 'ill_treatment_reported')) {
    // An event placed in another country is ill-treatment elsewhere, not by the requesting state.
    if (event.country === undefined || event.country === f.requestingCountry) evidence.push(ev(`/events/${index}/type`, event.type))
  }
  return hit(evidence, `The subject has previously been ill-treated in ${f.requestingCountry}.`)
}

export const requestAfterDeparture: RnRule = (f) => {
  const left = f.subject.leftRequestingCountryOn
  if (!isIsoDate(left)) return null
  const later = requestDates(f).filter(d => d.date > left)
  if (later.length === 0) return null
  return hit([ev('/subject/leftRequestingCountryOn', left), ...later.map(d => ev(d.pointer, d.date))],
    `The subject left ${f.requestingCountry} on ${left}; the request is dated ${listText(later.map(d => d.date))}, after that departure.`)
}

export const requestAfterAsylumClaim: RnRule = (f) => {
  const a = f.subject.asylum
  const since = a?.since
  if (a === undefined || a.status === 'none' || !isIsoDate(since)) return null
  const later = requestDates(f).filter(d => d.date > since)
  if (later.length === 0) return null
  return hit([ev('/subject/asylum/since', since), ...later.map(d => ev(d.pointer, d.date))],
    `The subject sought asylum${a.country === undefined ? '' : ` in ${a.country}`} on ${since}; the request is dated ${listText(later.map(d => d.date))}, after that claim.`)
}
