import data from './torture-findings.data.json' with { type: 'json' }
import { readByRuleset } from './ruleset-version.ts'
import type { CountryCode, SourceRef } from './types.ts'

/**
 * Findings by a UN treaty body or the European Court of Human Rights that torture of detainees is
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

/** The sources of the findings a ruleset reads. */
export const tortureFindingSources = (rulesetVersion: string): SourceRef[] =>
  FINDINGS.filter(f => readByRuleset(f.addedIn, rulesetVersion)).map(f => f.source)
export const TORTURE_FINDING_SOURCES: readonly SourceRef[] = tortureFindingSources(ORIGINAL)

/** The finding that applies to a person of this ethnicity in this state, if any, as a ruleset reads the data. */
export function tortureFindingFor (code: CountryCode, ethnicity: string | undefined, rulesetVersion = ORIGINAL): TortureFinding | null {
  const found = FINDINGS.find(f => f.code === code.toUpperCase() && readByRuleset(f.addedIn, rulesetVersion))
  if (found === undefined) return null
  const groups = found.groups?.ethnicity
  if (groups === undefined) return found
  const e = ethnicity?.toLowerCase()
  return e !== undefined && groups.some(g => e.includes(g)) ? found : null
}
