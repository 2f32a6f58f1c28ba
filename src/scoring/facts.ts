import type { AssuranceFacts, Charge, CaseEvent, Mechanism, NoticeStatus, PoliticalContextEvent, RedNoticeFacts, SubjectFacts } from '../domain/index.ts'
import type { AssuranceFacts as StoredAssuranceFacts } from '../schemas/assurances.ts'
import type { RedNoticeFacts as StoredRedNoticeFacts } from '../schemas/red-notices.ts'

// Stored facts are exactly what splitRedNoticeIdentity/splitAssuranceIdentity keep of a validated body
// (src/schemas/identity.ts). The schema types widen vocabularies to `string`; the API validated every
// value on the way in, so the casts below only restore the narrow types. The scorer wants every list present.

export function toRedNoticeFacts (stored: Record<string, unknown>): RedNoticeFacts {
  const f = stored as unknown as StoredRedNoticeFacts
  return {
    mechanism: f.mechanism as Mechanism,
    requestingCountry: f.requestingCountry,
    ...(f.issuedOn === undefined ? {} : { issuedOn: f.issuedOn }),
    ...(f.status === undefined ? {} : { status: f.status as NoticeStatus }),
    subject: (f.subject ?? {}) as SubjectFacts,
    charges: (f.charges ?? []) as Charge[],
    events: (f.events ?? []) as CaseEvent[],
    // A source may be stored without a kind; "other" keeps the indexes (evidence pointers) aligned and
    // means what it says: no rule reads a kind that was not given.
    sources: (f.sources ?? []).map((s) => ({ ...s, kind: (s.kind ?? 'other') as RedNoticeFacts['sources'][number]['kind'] })),
    politicalContext: (f.politicalContext ?? []) as PoliticalContextEvent[]
  }
}

/** Reports about relatives or co-accused that this report names. */
export function linkedReportIdsOf (stored: Record<string, unknown>): string[] {
  const ids = (stored as { linkedReportIds?: unknown }).linkedReportIds
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : []
}

export function toAssuranceFacts (stored: Record<string, unknown>): AssuranceFacts {
  return stored as unknown as StoredAssuranceFacts as AssuranceFacts
}
