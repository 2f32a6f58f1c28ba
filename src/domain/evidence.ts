import type { RuleHit } from './engine.ts'
import type { CaseEvent, CountryContext, Grounds, IsoDate, PoliticalContextType, Profile, RedNoticeFacts } from './types.ts'

/** `/pointer=value`: the pointer is RFC 6901 into the report body; the value is what the rule saw. */
export function ev (pointer: string, value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined')
  // Evidence names the fact; long texts (e.g. a restriction's description) stay readable at the pointer.
  return `${pointer}=${text.length > 80 ? text.slice(0, 77) + '...' : text}`
}

/** Evidence from reference data points at the public resource, e.g. `countries/RU/abuseRecord=true`. */
export function countryEv (country: CountryContext, field: keyof CountryContext): string {
  return ev(`countries/${country.code}/${field}`, country[field])
}

export function hit (evidence: string[], fact: string, points?: number): RuleHit | null {
  if (evidence.length === 0) return null
  return points === undefined ? { evidence, fact } : { evidence, fact, points }
}

// Full dates only: a partial or malformed date cannot be ordered safely, so timing rules ignore it
// rather than guess. ISO dates of equal length order correctly as strings.
export function isIsoDate (value: unknown): value is IsoDate {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
}

export function isBlank (value: string | undefined): boolean {
  return value === undefined || value.trim() === ''
}

export const PROTECTIVE_GROUNDS: readonly Grounds[] = ['political', 'torture_risk', 'refugee_status']

export function isProtective (event: CaseEvent): boolean {
  return event.grounds !== undefined && PROTECTIVE_GROUNDS.includes(event.grounds)
}

export interface DatedPointer { pointer: string, date: IsoDate }

/** When the requesting state acted against the person: notice issue, publication and extradition requests. */
export function requestDates (facts: RedNoticeFacts): DatedPointer[] {
  const out: DatedPointer[] = []
  if (isIsoDate(facts.issuedOn)) out.push({ pointer: '/issuedOn', date: facts.issuedOn })
  facts.events.forEach((e, i) => {
    if ((e.type === 'notice_published' || e.type === 'extradition_requested') && isIsoDate(e.date)) {
      out.push({ pointer: `/events/${i}/date`, date: e.date })
    }
  })
  return out
}

export function eventsOfType (facts: { events: CaseEvent[] }, type: CaseEvent['type']): Array<{ event: CaseEvent, index: number }> {
  const out: Array<{ event: CaseEvent, index: number }> = []
  facts.events.forEach((event, index) => { if (event.type === type) out.push({ event, index }) })
  return out
}

/** A profile as a lawyer would write it after "reported as": `political_opposition` → "a member of the political opposition". */
const PROFILE_PHRASES: Readonly<Record<Profile, string>> = {
  political_opposition: 'a member of the political opposition',
  activist: 'an activist',
  journalist: 'a journalist',
  human_rights_defender: 'a human-rights defender',
  lawyer: 'a lawyer',
  ngo_worker: 'an NGO worker',
  religious_figure: 'a religious figure',
  lgbti: 'an LGBTI person',
  ethnic_minority: 'a member of an ethnic minority',
  religious_minority: 'a member of a religious minority',
  relative_of_targeted_person: 'a relative of a targeted person',
  business_person: 'a business person',
  former_official: 'a former official',
  conscientious_objector: 'a conscientious objector',
  deserter: 'a deserter',
  draft_evader: 'a draft evader',
  whistleblower: 'a whistleblower',
  athlete: 'an athlete',
  artist: 'an artist'
}

export const profileText = (profile: Profile): string => PROFILE_PHRASES[profile] ?? label(profile)
export const profilesText = (profiles: readonly Profile[]): string => listText(profiles.map(profileText))

/** A political event as a noun phrase: `left_office` → "leaving office", `election` → "an election". */
export const CONTEXT_PHRASES: Readonly<Record<PoliticalContextType, string>> = {
  change_of_government: 'a change of government',
  political_activity_began: 'the start of political activity',
  election: 'an election',
  protest: 'a protest',
  public_criticism: 'public criticism',
  defection: 'a defection',
  left_office: 'leaving office',
  armed_conflict: 'an armed conflict'
}

export const contextText = (type: PoliticalContextType): string => CONTEXT_PHRASES[type] ?? `a ${label(type)}`

/** A vocabulary code as words: `change_of_government` → `change of government`. */
export const label = (code: string): string => code.replaceAll('_', ' ')

export function listText (items: readonly string[]): string {
  const unique = [...new Set(items)]
  if (unique.length <= 1) return unique[0] ?? ''
  return `${unique.slice(0, -1).join(', ')} and ${unique[unique.length - 1] ?? ''}`
}

export function quote (text: string): string {
  const trimmed = text.trim().replace(/\s+/g, ' ')
  return `"${trimmed.length > 120 ? trimmed.slice(0, 117) + '...' : trimmed}"`
}
