import data from './transnational-repression.data.json' with { type: 'json' }
import { perRulesetVersion, readByRuleset } from './ruleset-version.ts'
import type { CountryCode, SourceRef } from './types.ts'

/**
 * Freedom House's record of states that reach across borders to silence exiles (direct, physical
 * incidents since 2014: assassinations, abductions, assaults, detentions, unlawful deportations).
 * `leading`: named by Freedom House among the most prolific perpetrators; `documented`: named as an
 * origin state of such incidents. Incident counts only where the report gives them. Reference data
 * (pure, no I/O); the sources are in the JSON file beside this module.
 */
export type TransnationalRepressionTier = 'leading' | 'documented'

export interface TransnationalRepressionRecord {
  code: CountryCode
  tier: TransnationalRepressionTier
  /** Direct physical incidents 2014–2022 counted by Freedom House, where published. */
  incidents: number | null
  /** The first ruleset that reads this state; absent for those read since 2026.12.1. */
  addedIn?: string
  /** The page naming this state, for states added after the reports listed for the whole file. */
  source?: TransnationalRepressionSource
}

interface TransnationalRepressionSource { title: string, publisher: string, date: string, url?: string, reference?: string }

interface DataFile {
  sources: TransnationalRepressionSource[]
  states: TransnationalRepressionRecord[]
}

const file = data as DataFile
const STATES = file.states.map(s => Object.freeze(s))
const ORIGINAL = '2026.12.1'

const withCitation = (s: TransnationalRepressionSource): SourceRef => ({ citation: `${s.publisher}, ${s.title} (${s.date})${s.reference === undefined ? '' : `, ${s.reference}`}`, ...s })

/** The pages naming the states added after the reports listed for the whole file, as a ruleset reads them. */
export const transnationalRepressionStateSources = (rulesetVersion: string): SourceRef[] =>
  STATES.flatMap(s => s.source !== undefined && s.addedIn !== undefined && readByRuleset(s.addedIn, rulesetVersion) ? [withCitation(s.source)] : [])
/** The sources of the record as a ruleset reads it: the reports, and the page naming each later state. */
export const transnationalRepressionSources = (rulesetVersion: string): SourceRef[] => [
  ...file.sources.map(withCitation),
  ...transnationalRepressionStateSources(rulesetVersion)
]
export const TRANSNATIONAL_REPRESSION_SOURCES = Object.freeze(transnationalRepressionSources(ORIGINAL))

// The state each code names as a ruleset reads the file (the first entry read, as a search in file order finds it).
const statesRead = perRulesetVersion((rulesetVersion) => {
  const read = new Map<string, TransnationalRepressionRecord>()
  for (const s of STATES) if (!read.has(s.code) && readByRuleset(s.addedIn, rulesetVersion)) read.set(s.code, s)
  return read
})

export function transnationalRepressionRecord (code: CountryCode, rulesetVersion = ORIGINAL): TransnationalRepressionRecord | null {
  return statesRead(rulesetVersion).get(code.toUpperCase()) ?? null
}
