import data from './transnational-repression-targets.data.json' with { type: 'json' }
import { readByRuleset } from './ruleset-version.ts'
import type { CountryCode, Profile, SourceRef } from './types.ts'

/**
 * Whom Freedom House's case studies find an origin state targets abroad, beyond the critics, journalists
 * and minorities every such state targets: e.g. former insiders (Saudi Arabia), or every national abroad
 * (Rwanda). Reference data (pure, no I/O).
 */
export interface DocumentedTargets {
  code: CountryCode
  profiles?: Profile[]
  nationalsAbroad?: boolean
  /** What was found, as a clause fit to quote. */
  finding: string
  source: SourceRef
  addedIn?: string
}

interface DataFile { states: Array<Omit<DocumentedTargets, 'source'> & { source: Omit<SourceRef, 'citation'> }> }

const TARGETS: readonly DocumentedTargets[] = Object.freeze((data as DataFile).states.map(s => Object.freeze({
  ...s,
  source: { citation: `${s.source.publisher ?? ''}, ${s.source.title ?? ''} (${s.source.date ?? ''})`, ...s.source }
})))

export function documentedTargetsOf (code: CountryCode, rulesetVersion: string): DocumentedTargets | null {
  return TARGETS.find(t => t.code === code.toUpperCase() && readByRuleset(t.addedIn, rulesetVersion)) ?? null
}

export const documentedTargetsSources = (rulesetVersion: string): SourceRef[] =>
  TARGETS.filter(t => readByRuleset(t.addedIn, rulesetVersion)).map(t => t.source)
