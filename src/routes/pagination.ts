import { Type } from 'typebox'
import { badRequest } from '../errors.ts'

export const LimitSchema = Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Items per page (1–200)' })
export const CursorSchema = Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9_-]+$', description: 'The nextCursor of the previous page' })

/** What a cursor member holds: the members of a sort key are timestamps, UUIDs and sequence numbers. */
export type CursorMember = 'timestamp' | 'uuid' | 'integer'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A Date PostgreSQL's timestamptz and Date#toISOString both hold: years 1 to 9999. */
export function isStorableDate (date: Date): boolean {
  const year = date.getUTCFullYear()
  return !Number.isNaN(date.getTime()) && year >= 1 && year <= 9999
}

/**
 * A `date-time` query member as a Date. RFC 3339 (and so the schema) admits strings that name no instant
 * the database can hold (year 0000, a leap second, 9999-12-31T23:59:59-23:59): those are the client's
 * mistake, 400, not a failed query.
 */
export function queryTimestamp (value: string | undefined, name: string): Date | undefined {
  if (value === undefined) return undefined
  const date = new Date(value)
  if (!isStorableDate(date)) throw badRequest(`${name} is outside the range this service stores`, [{ pointer: `/${name}`, message: 'is not a representable instant (years 1 to 9999)' }])
  return date
}

const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/
const DAY_MS = 86_400_000

/** The lower bound (inclusive) a date filter names: its instant, or the first instant of its UTC day. */
export function queryFrom (value: string | undefined, name: string): Date | undefined {
  return queryTimestamp(value !== undefined && PLAIN_DATE.test(value) ? `${value}T00:00:00.000Z` : value, name)
}

/**
 * The upper bound, exclusive, a date filter names. A plain date covers its whole UTC day, so
 * `createdTo=2025-01-31` includes every instant of 31 January. An instant is the bound itself where the filter
 * is documented as exclusive (`createdTo`), or the next millisecond where it is inclusive (the audit's `to`).
 */
export function queryBefore (value: string | undefined, name: string, instant: 'exclusive' | 'inclusive'): Date | undefined {
  if (value === undefined) return undefined
  if (PLAIN_DATE.test(value)) {
    const start = queryTimestamp(`${value}T00:00:00.000Z`, name)!
    return queryTimestamp(new Date(start.getTime() + DAY_MS).toISOString(), name)
  }
  const at = queryTimestamp(value, name)!
  return instant === 'exclusive' ? at : new Date(at.getTime() + 1)
}

/** Cursors are opaque to clients: base64url JSON of the sort key of the last item served. */
export function encodeCursor (value: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url')
}

/**
 * The sort key a cursor carries, checked member by member: a cursor comes back from the client, so a
 * forged one must be a 400 and never reach a query (where a bad timestamp or UUID would be a 500).
 */
export function decodeCursor<K extends string> (cursor: string | undefined, members: Record<K, CursorMember>): Record<K, string> | undefined {
  if (cursor === undefined) return undefined
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>
    const out = {} as Record<K, string>
    for (const [key, kind] of Object.entries(members) as Array<[K, CursorMember]>) {
      const raw = value[key]
      if (kind === 'integer' && typeof raw === 'number' && Number.isSafeInteger(raw)) {
        out[key] = String(raw)
        continue
      }
      const part = raw
      if (typeof part !== 'string') throw new Error('missing')
      // Timestamps are written by encodeCursor from Date#toISOString, so anything else was not issued here.
      const valid = kind === 'uuid' ? UUID.test(part) : kind === 'timestamp' && isStorableDate(new Date(part)) && new Date(part).toISOString() === part
      if (!valid) throw new Error('malformed')
      out[key] = part
    }
    return out
  } catch {
    throw badRequest('The cursor is not one this service issued', [{ pointer: '/cursor', message: 'is malformed' }])
  }
}

/** Fetch limit + 1 rows; the extra row only says whether another page exists. */
export function page<T> (rows: T[], limit: number, cursorOf: (last: T) => Record<string, string | number>): { items: T[], nextCursor: string | null } {
  const items = rows.slice(0, limit)
  const last = items[items.length - 1]
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(cursorOf(last)) : null }
}
