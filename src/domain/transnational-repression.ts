import data from './transnational-repression.data.json' with { type: 'json' }
import type { CountryCode } from './types.ts'

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
}

interface DataFile {
  sources: Array<{ title: string, publisher: string, date: string, url?: string, reference?: string }>
  states: TransnationalRepressionRecord[]
}

const file = data as DataFile
export const TRANSNATIONAL_REPRESSION_SOURCES = Object.freeze(file.sources)
const byCode = new Map(file.states.map(s => [s.code, Object.freeze(s)]))

export function transnationalRepressionRecord (code: CountryCode): TransnationalRepressionRecord | null {
  return byCode.get(code.toUpperCase()) ?? null
}
