import { Type } from 'typebox'
import { badRequest } from '../errors.ts'

export const LimitSchema = Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Items per page (1–200)' })
export const CursorSchema = Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9_-]+$', description: 'The nextCursor of the previous page' })

/** Cursors are opaque to clients: base64url JSON of the sort key of the last item served. */
export function encodeCursor (value: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url')
}

export function decodeCursor<K extends string> (cursor: string | undefined, keys: readonly K[]): Record<K, string> | undefined {
  if (cursor === undefined) return undefined
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>
    const out = {} as Record<K, string>
    for (const key of keys) {
      const part = value[key]
      if (typeof part !== 'string' && typeof part !== 'number') throw new Error('missing')
      out[key] = String(part)
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
