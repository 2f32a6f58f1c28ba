import data from './torture-findings.data.json' with { type: 'json' }
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
  /** Ruleset version that first reads this finding; older rulesets ignore it. */
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

export const TORTURE_FINDING_SOURCES: readonly SourceRef[] = FINDINGS.map(f => f.source)

/** The finding that applies to a person of this ethnicity in this state, if any. */
export function tortureFindingFor (code: CountryCode, ethnicity: string | undefined): TortureFinding | null {
  const found = FINDINGS.find(f => f.code === code.toUpperCase())
  if (found === undefined) return null
  const groups = found.groups?.ethnicity
  if (groups === undefined) return found
  const e = ethnicity?.toLowerCase()
  return e !== undefined && groups.some(g => e.includes(g)) ? found : null
}
