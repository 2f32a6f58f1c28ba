import { createHmac, type KeyObject } from 'node:crypto'
import { deriveKey } from './keyring.ts'

/**
 * A keyed permutation of the integers 1 … 2^52, so a sequence number can be shown as a number that is unique and
 * stable but counts nothing (docs/disclosure-policy.md §1: a partner reading its own audit events must not learn
 * how many events anyone else caused between two of its own). A four-round balanced Feistel network over two
 * 26-bit halves, each round HMAC-SHA256 of the tweak, the round and the half; invertible, so a cursor can carry
 * the shown number back.
 */
const HALF_BITS = 26
const HALF = 2 ** HALF_BITS
const DOMAIN = HALF * HALF
const ROUNDS = 4

/** The largest number shown (and the largest sequence number permuted, plus one). */
export const PERMUTED_ID_MAX = DOMAIN

const keys = new WeakMap<KeyObject, KeyObject>()
function roundKey (root: KeyObject): KeyObject {
  let key = keys.get(root)
  if (key === undefined) keys.set(root, key = deriveKey(root, 'permuted-id'))
  return key
}

function round (key: KeyObject, tweak: string, index: number, half: number): number {
  return createHmac('sha256', key).update(`${tweak}|${index}|${half}`).digest().readUInt32BE(0) % HALF
}

/** `id` (1 … 2^52) as shown under this tweak: another number of the same range. */
export function permuteId (root: KeyObject, tweak: string, id: number): number {
  if (!Number.isSafeInteger(id) || id < 1 || id > DOMAIN) throw new RangeError('id out of range')
  const key = roundKey(root)
  let left = Math.floor((id - 1) / HALF)
  let right = (id - 1) % HALF
  for (let i = 0; i < ROUNDS; i++) [left, right] = [right, (left + round(key, tweak, i, right)) % HALF]
  return left * HALF + right + 1
}

/** The id a shown number stands for; null for a number outside the range (never shown, so forged). */
export function unpermuteId (root: KeyObject, tweak: string, shown: number): number | null {
  if (!Number.isSafeInteger(shown) || shown < 1 || shown > DOMAIN) return null
  const key = roundKey(root)
  let left = Math.floor((shown - 1) / HALF)
  let right = (shown - 1) % HALF
  for (let i = ROUNDS - 1; i >= 0; i--) [left, right] = [(right - round(key, tweak, i, left) + HALF) % HALF, left]
  return left * HALF + right + 1
}
