/**
 * S15 (ReDoS), the static half: every pattern the OpenAPI document declares is one safe-regex2 accepts
 * (star height 1, no nested quantifiers). The timed half, against adversarial strings, is in
 * test/security-heavy/resource-exhaustion.test.ts.
 */
import safeRegex from 'safe-regex2'
import { describe, expect, it } from 'vitest'
import { documentPatterns } from './redos.ts'

describe('patterns of the OpenAPI document (S15)', () => {
  const patterns = documentPatterns()
  it('finds the patterns (request and response schemas, parameters)', () => {
    expect(patterns.size).toBeGreaterThanOrEqual(5)
  })
  it.each([...patterns])('%s is safe from catastrophic backtracking (first at %s)', (pattern) => {
    expect(safeRegex(pattern)).toBe(true)
    expect(safeRegex(new RegExp(pattern, 'u'))).toBe(true)
  })
  // safe-regex2 judges star height only: overlapping alternatives such as (a|aa)+ pass it, which is why the
  // heavy project also times every pattern against adversarial strings.
  it('safe-regex2 does tell: it refuses nested quantifiers', () => {
    for (const bad of ['^(a+)+$', '^([a-z]*)*$', '^(\\w+\\s?)*$']) expect(safeRegex(bad), bad).toBe(false)
  })
})
