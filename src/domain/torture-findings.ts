import data from './torture-findings.data.json' with { type: 'json' }
import { readByRuleset } from './ruleset-version.ts'
import type { CountryCode, IsoDate, SourceRef } from './types.ts'

/**
 * Findings by a UN treaty body, a body mandated by the UN Human Rights Council (fact-finding mission,
 * commission of inquiry, group of experts) or the European Court of Human Rights that torture of detainees is
 * widespread in a state, beside the country reference's systematic-torture flag. A finding limited to
 * ethnic groups applies only to a person of one of them. Reference data (pure, no I/O).
 */
export interface TortureFinding {
  code: CountryCode
  groups?: { ethnicity?: string[] }
  /** What was found, as a clause fit to quote. */
  finding: string
  source: SourceRef
  /** The first ruleset that reads this finding; absent for those read since 2026.12.2. */
  addedIn?: string
  /**
   * The period the finding describes: `until` for one that has ended (a regime since fallen), `from` where
   * the situation found began (a crackdown, a war). Without a period it describes the present, always.
   */
  period?: { from?: IsoDate, until?: IsoDate }
}

interface DataFile {
  states: Array<Omit<TortureFinding, 'source'> & { source: Omit<SourceRef, 'citation'> }>
}

const file = data as DataFile
const FINDINGS: readonly TortureFinding[] = Object.freeze(file.states.map(s => Object.freeze({
  ...s,
  source: { citation: `${s.source.publisher ?? ''}, ${s.source.title ?? ''} (${s.source.date ?? ''}), ${s.source.reference ?? ''}`, ...s.source }
})))

/** The rulesets before the first entry with `addedIn` read exactly the original entries. */
const ORIGINAL = '2026.12.2'
// In file order within each state, as the rules search them.
const FINDINGS_BY_CODE: ReadonlyMap<string, readonly TortureFinding[]> = FINDINGS.reduce((m, f) => m.set(f.code, [...(m.get(f.code) ?? []), f]), new Map<string, TortureFinding[]>())

/** The sources of the findings a ruleset reads. */
export const tortureFindingSources = (rulesetVersion: string): SourceRef[] =>
  FINDINGS.filter(f => readByRuleset(f.addedIn, rulesetVersion)).map(f => f.source)
export const TORTURE_FINDING_SOURCES: readonly SourceRef[] = tortureFindingSources(ORIGINAL)

/**
 * What a report's dates are read against. `return`: a red notice, whose risk is the one the person faces
 * on return, so a finding about the present always applies and one about an ended period applies when the
 * proceedings fall within it. `given`: an assurance, judged by the situation when it was given, so a dated
 * assurance is read against the findings about that time only; an undated one against the present.
 */
export type FindingTime = 'return' | 'given'

/** Whether the finding applies to a report with these dates (any of them within its period counts). */
export function findingCovers (finding: TortureFinding, dates: readonly IsoDate[], time: FindingTime = 'return'): boolean {
  const p = finding.period
  if (p === undefined) return true
  const ongoing = p.until === undefined
  if (ongoing && (time === 'return' || dates.length === 0)) return true
  // Dates may be known only to the month or year (`2009`, `2009-05`): compared on their common prefix.
  const within = (d: IsoDate): boolean => (p.from === undefined || d >= p.from.slice(0, d.length)) && (p.until === undefined || d.slice(0, 10) <= p.until)
  return dates.some(within)
}

/** The period a dated finding describes, in words: `a finding about 2011-03-10 to 2024-12-08`. */
export function findingPeriodText (finding: TortureFinding): string {
  return `a finding about ${finding.period?.from ?? 'an earlier date'} to ${finding.period?.until ?? 'now'}`
}

/**
 * The finding that applies to a person of this ethnicity in this state, if any, as a ruleset reads the data.
 * `dates` are the facts' dates: a finding about an ended period applies when one of them falls within it
 * (any of them, so that adding a fact never removes the finding), and is preferred then, being the
 * finding about that time.
 */
export function tortureFindingFor (code: CountryCode, ethnicity: string | undefined, rulesetVersion = ORIGINAL, dates: readonly IsoDate[] = [], time: FindingTime = 'return'): TortureFinding | null {
  const read = (FINDINGS_BY_CODE.get(code.toUpperCase()) ?? []).filter(f => readByRuleset(f.addedIn, rulesetVersion) && findingCovers(f, dates, time))
  const found = read.find(f => f.period?.until !== undefined) ?? read[0]
  if (found === undefined) return null
  const groups = found.groups?.ethnicity
  if (groups === undefined) return found
  const e = ethnicity?.toLowerCase()
  return e !== undefined && groups.some(g => e.includes(g)) ? found : null
}
