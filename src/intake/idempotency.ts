import { createHmac, type KeyObject } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { deriveKey } from '../crypto/index.ts'
import type { Transaction } from '../db/context.ts'
import { idempotencyKeys } from '../db/schema.ts'
import { HttpProblem } from '../errors.ts'

export interface IdempotencyClaim { partnerId: string, key: string, route: string, requestHash: string }

/** JSON with object keys sorted, so the same body sent with keys in another order is the same request. */
function canonicalJson (value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

/**
 * A keyed hash of the request body: a plain SHA-256 of a body holding a name would let anyone with the
 * database test guesses of that name offline.
 */
export function requestHash (root: KeyObject, route: string, body: unknown): string {
  return createHmac('sha256', hashKey(root)).update(route).update('\n').update(canonicalJson(body)).digest('base64url')
}

// HKDF once per root key rather than on every request that carries an Idempotency-Key.
const hashKeys = new WeakMap<KeyObject, KeyObject>()
function hashKey (root: KeyObject): KeyObject {
  let key = hashKeys.get(root)
  if (key === undefined) hashKeys.set(root, key = deriveKey(root, 'idempotency-request-hash'))
  return key
}

export const idempotencyInProgress = (): HttpProblem => new HttpProblem(409, 'Conflict', 'This Idempotency-Key is being used by a request still in progress; retry shortly')
export const idempotencyBodyMismatch = (): HttpProblem => new HttpProblem(409, 'Conflict', 'This Idempotency-Key was already used with a different request body')

export type ClaimResult = { status: 'claimed' } | { status: 'replay', resourceId: string }

/**
 * Claims the key inside the creating transaction. A concurrent request with the same key waits on the
 * primary key until the first commits, then finds its row: both answer with the same resource.
 */
export async function claimIdempotencyKey (tx: Transaction, claim: IdempotencyClaim, resourceId: string, statusCode: number): Promise<ClaimResult> {
  const inserted = await tx.insert(idempotencyKeys).values({ ...claim, statusCode, resourceId, createdAt: new Date() })
    .onConflictDoNothing().returning({ key: idempotencyKeys.key })
  if (inserted.length > 0) return { status: 'claimed' }
  const [existing] = await tx.select().from(idempotencyKeys).where(and(
    eq(idempotencyKeys.partnerId, claim.partnerId), eq(idempotencyKeys.key, claim.key), eq(idempotencyKeys.route, claim.route)
  ))
  if (existing === undefined || existing.resourceId === null) throw idempotencyInProgress()
  if (existing.requestHash !== claim.requestHash) throw idempotencyBodyMismatch()
  return { status: 'replay', resourceId: existing.resourceId }
}
