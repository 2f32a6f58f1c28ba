import { defaultCountryContext, NO_LINKED_REPORTS } from '../../src/domain/index.ts'
import type { AssuranceFacts, CountryContext, LinkedContext, RedNoticeFacts, ScoreResult, ScoringContext } from '../../src/domain/index.ts'

export function country (code: string): CountryContext {
  const c = defaultCountryContext(code)
  if (c === null) throw new Error(`no default context for ${code}`)
  return structuredClone(c)
}

/** A neutral country: no priors fire, no mitigation applies. */
export function neutralCountry (overrides: Partial<CountryContext> = {}): CountryContext {
  return {
    code: 'XA',
    name: 'Neutralia',
    echrParty: true,
    catParty: null,
    opcatParty: null,
    freedomScore: null,
    freedomStatus: null,
    freedomYear: null,
    interpolRestrictions: null,
    systematicTorture: null,
    abuseRecord: false,
    notes: [],
    sources: [],
    ...overrides
  }
}

export function redNotice (overrides: Partial<RedNoticeFacts> = {}): RedNoticeFacts {
  return {
    mechanism: 'red_notice',
    requestingCountry: 'XA',
    subject: {},
    charges: [],
    events: [],
    sources: [],
    ...overrides
  }
}

export function linked (overrides: Partial<LinkedContext> = {}): LinkedContext {
  return { ...structuredClone(NO_LINKED_REPORTS), priorDeletionDates: [], ...overrides }
}

export function ctx (requestingCountry: CountryContext | null = neutralCountry(), l: Partial<LinkedContext> = {}): ScoringContext {
  return { requestingCountry, linked: linked(l) }
}

export function assurance (overrides: Partial<AssuranceFacts> = {}): AssuranceFacts {
  return { givingState: 'XA', receivingState: 'XB', ...overrides }
}

export function contribution (result: ScoreResult, id: string): ScoreResult['contributions'][number] | undefined {
  return result.contributions.find(c => c.indicatorId === id)
}

export function ids (result: ScoreResult): string[] {
  return result.contributions.map(c => c.indicatorId)
}
