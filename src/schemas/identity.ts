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
 * joinRedNoticeIdentity on facts the caller owns and gives up (just parsed, say): the identity's members are written
 * into them, not into copies, which is most of the join's cost on a page of them. A member the facts hold already is
 * kept (the stored facts never hold an identifying one: docs/security.md §5.1).
 */
export function joinRedNoticeIdentityInto (facts: RedNoticeFacts, identity: RedNoticeIdentity | null) {
  if (identity === null) return facts
  const joined = facts as RedNoticeFacts & Partial<Pick<RedNoticeIdentity, 'interpolNoticeId'>> & { subject: RedNoticeFacts['subject'] & RedNoticeIdentity['subject'] }
  if (identity.interpolNoticeId !== undefined && joined.interpolNoticeId === undefined) joined.interpolNoticeId = identity.interpolNoticeId
  // The facts schema requires a subject; one written before it did gets the identity's alone, as the copying join gave.
  const subject = (joined.subject ??= {} as typeof joined.subject) as Record<string, unknown>
  for (const [key, value] of Object.entries(identity.subject)) if (!(key in subject)) subject[key] = value
  facts.charges?.forEach((charge, i) => { addMember(charge, 'description', identity.chargeDescriptions?.[i]) })
  facts.events?.forEach((event, i) => { addMember(event, 'note', identity.eventNotes[i]) })
  facts.sources?.forEach((source, i) => { addMember(source, 'reference', identity.sourceReferences[i]) })
  return joined as typeof joined & {
    charges?: Array<NonNullable<RedNoticeFacts['charges']>[number] & { description?: string }>
    events?: Array<NonNullable<RedNoticeFacts['events']>[number] & { note?: string }>
    sources?: Array<NonNullable<RedNoticeFacts['sources']>[number] & { reference?: string }>
  }
}

function addMember (item: object, key: string, value: string | null | undefined): void {
  if (value != null && !(key in item)) (item as Record<string, unknown>)[key] = value
}

export interface AssuranceIdentity { subjectFullName?: string, notes?: string }

export function splitAssuranceIdentity (input: AssuranceInput): { facts: AssuranceFacts, identity: AssuranceIdentity } {
  const { subjectFullName, notes, ...facts } = input
  return { facts, identity: dropUndefined({ subjectFullName, notes }) }
}

export function joinAssuranceIdentity (facts: AssuranceFacts, identity: AssuranceIdentity | null) {
  return { ...structuredClone(facts), ...(identity ?? {}) }
}

// Absent and undefined differ in JSON; keep stored identity blobs free of undefined members.
function dropUndefined<T extends object> (value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}
