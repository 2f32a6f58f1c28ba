import { createSecretKey, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { PERMUTED_ID_MAX, permuteId, unpermuteId } from '../../src/crypto/index.ts'

describe('permuteId: sequence numbers shown as numbers that count nothing', () => {
  const root = createSecretKey(randomBytes(32))

  it('is a permutation of 1 … 2^52 per tweak, inverted by unpermuteId', () => {
    const ids = [1, 2, 3, 4, 1000, 1001, 2 ** 26, 2 ** 26 + 1, PERMUTED_ID_MAX - 1, PERMUTED_ID_MAX]
    const shown = ids.map((id) => permuteId(root, 'partner-a', id))
    expect(new Set(shown).size).toBe(ids.length)
    for (const [i, s] of shown.entries()) {
      expect(s).toBeGreaterThanOrEqual(1)
      expect(s).toBeLessThanOrEqual(PERMUTED_ID_MAX)
      expect(unpermuteId(root, 'partner-a', s)).toBe(ids[i])
    }
  })

  it('shows consecutive ids far apart, differently per tweak and per key', () => {
    const gaps = Array.from({ length: 50 }, (_, i) => Math.abs(permuteId(root, 'partner-a', i + 2) - permuteId(root, 'partner-a', i + 1)))
    expect(gaps.filter((gap) => gap < 1000)).toEqual([])
    expect(permuteId(root, 'partner-a', 42)).not.toBe(permuteId(root, 'partner-b', 42))
    expect(permuteId(createSecretKey(randomBytes(32)), 'partner-a', 42)).not.toBe(permuteId(root, 'partner-a', 42))
  })

  it('refuses numbers outside the range: a forged cursor names nothing', () => {
    for (const bad of [0, -1, PERMUTED_ID_MAX + 1, 1.5, Number.MAX_SAFE_INTEGER + 1]) expect(unpermuteId(root, 'partner-a', bad)).toBeNull()
    expect(() => permuteId(root, 'partner-a', 0)).toThrow(RangeError)
  })
})
