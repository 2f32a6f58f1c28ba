/**
 * The identity split of a record: `facts` may be stored in clear and shown to analysts;
 * `identity` holds every identifying member and is stored encrypted, shown only to the
 * reporting partner. Array members (event notes, source references) are kept by index.
 *
 * Destructuring names each identifying member explicitly; the tests check that `facts`
 * validates against the closed facts schema, so an identifying member added to the input
 * schema but forgotten here fails the build instead of leaking.
 */
import type { AssuranceFacts, AssuranceInput } from './assurances.ts'
import type { RedNoticeFacts, RedNoticeInput } from './red-notices.ts'

export interface RedNoticeIdentity {
  interpolNoticeId?: string
  subject: Pick<RedNoticeInput['subject'], 'fullName' | 'aliases' | 'dateOfBirth' | 'notes'>
  /** `events[i].note`, or null; same length as `events`. */
  eventNotes: Array<string | null>
  /** `sources[i].reference`, or null; same length as `sources`. */
  sourceReferences: Array<string | null>
  /** `charges[i].description`; same length as `charges`. Absent in identities sealed before it was identifying. */
  chargeDescriptions?: Array<string | null>
}

export function splitRedNoticeIdentity (input: RedNoticeInput): { facts: RedNoticeFacts, identity: RedNoticeIdentity } {
  const { interpolNoticeId, subject, events, sources, charges, ...rest } = input
  const { fullName, aliases, dateOfBirth, notes, ...subjectFacts } = subject
  const facts: RedNoticeFacts = { ...rest, subject: subjectFacts }
  const identity: RedNoticeIdentity = {
    subject: dropUndefined({ fullName, aliases, dateOfBirth, notes }),
    eventNotes: [],
    sourceReferences: []
  }
  if (interpolNoticeId !== undefined) identity.interpolNoticeId = interpolNoticeId
  if (charges !== undefined) {
    facts.charges = charges.map(({ description, ...charge }) => charge)
    identity.chargeDescriptions = charges.map((charge) => charge.description)
  }
  if (events !== undefined) {
    facts.events = events.map(({ note, ...event }) => event)
    identity.eventNotes = events.map((event) => event.note ?? null)
  }
  if (sources !== undefined) {
    facts.sources = sources.map(({ reference, ...source }) => source)
    identity.sourceReferences = sources.map((source) => source.reference ?? null)
  }
  return { facts, identity }
}

/** Inverse of the split. With `identity` null (erased), the facts come back alone. */
export function joinRedNoticeIdentity (facts: RedNoticeFacts, identity: RedNoticeIdentity | null) {
  return joinRedNoticeIdentityInto(structuredClone(facts), identity)
}

/**
 * joinRedNoticeIdentity on facts the caller owns and gives up (just parsed, say): their members are reused, not
 * cloned, which is most of the join's cost on a page of them.
 */
export function joinRedNoticeIdentityInto (facts: RedNoticeFacts, identity: RedNoticeIdentity | null) {
  if (identity === null) return facts
  const joined = {
    ...facts,
    ...(identity.interpolNoticeId === undefined ? {} : { interpolNoticeId: identity.interpolNoticeId }),
    subject: { ...identity.subject, ...facts.subject }
  }
  if (facts.charges !== undefined) {
    joined.charges = facts.charges.map((charge, i) => withMember(charge, 'description', identity.chargeDescriptions?.[i]))
  }
  if (facts.events !== undefined) {
    joined.events = facts.events.map((event, i) => withMember(event, 'note', identity.eventNotes[i]))
  }
  if (facts.sources !== undefined) {
    joined.sources = facts.sources.map((source, i) => withMember(source, 'reference', identity.sourceReferences[i]))
  }
  return joined
}

export interface AssuranceIdentity { subjectFullName?: string, notes?: string }

export function splitAssuranceIdentity (input: AssuranceInput): { facts: AssuranceFacts, identity: AssuranceIdentity } {
  const { subjectFullName, notes, ...facts } = input
  return { facts, identity: dropUndefined({ subjectFullName, notes }) }
}

export function joinAssuranceIdentity (facts: AssuranceFacts, identity: AssuranceIdentity | null) {
  return { ...structuredClone(facts), ...(identity ?? {}) }
}

function withMember<T extends object, K extends string> (item: T, key: K, value: string | null | undefined) {
  return value == null ? { ...item } : { ...item, [key]: value } as T & Record<K, string>
}

// Absent and undefined differ in JSON; keep stored identity blobs free of undefined members.
function dropUndefined<T extends object> (value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}
