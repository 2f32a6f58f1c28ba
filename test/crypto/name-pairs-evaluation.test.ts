import { describe, expect, it } from 'vitest'
import { generateRootKeyString, parseRootKey } from '../../src/crypto/index.ts'
import { evaluateNamePairs, loadNamePairs, PRECISION_TARGET, RECALL_TARGET } from '../../eval/name-matching.ts'

// The committed pairs of `npm run evaluate:names`: a change to normalisation that loses links or adds false
// ones fails here. Decisions come from subjectsMatch, i.e. from the blind indexes the intake stores.
describe('name-pair evaluation (eval/name-pairs.json)', () => {
  const pairs = loadNamePairs()
  const result = evaluateNamePairs(parseRootKey(generateRootKeyString(), 'BLIND_INDEX_KEY'), pairs)

  it('has at least 300 true pairs over at least 6 scripts and 300 hard false pairs', () => {
    const truePairs = pairs.filter((p) => p.same)
    expect(truePairs.length).toBeGreaterThanOrEqual(300)
    expect(pairs.filter((p) => !p.same).length).toBeGreaterThanOrEqual(300)
    const scripts = new Set(truePairs.flatMap((p) => [p.a.fullName, p.b.fullName]).flatMap((name) =>
      ['Latin', 'Cyrillic', 'Greek', 'Arabic', 'Han', 'Georgian', 'Armenian'].filter((s) => new RegExp(`\\p{sc=${s}}`, 'u').test(name))))
    expect(scripts.size).toBeGreaterThanOrEqual(7)
    // Hard: most false pairs share a name or a birth date.
    expect(pairs.filter((p) => !p.same && p.a.dateOfBirth === p.b.dateOfBirth).length).toBeGreaterThanOrEqual(150)
  })

  it(`links at least ${100 * RECALL_TARGET} % of the true pairs`, () => {
    expect(result.recall, result.errors.filter((e) => e.pair.same).map((e) => `${e.pair.a.fullName} ~ ${e.pair.b.fullName}`).join('\n'))
      .toBeGreaterThanOrEqual(RECALL_TARGET)
  })

  it(`keeps precision at least ${100 * PRECISION_TARGET} %`, () => {
    expect(result.precision, result.errors.filter((e) => !e.pair.same).map((e) => `${e.pair.a.fullName} ~ ${e.pair.b.fullName}`).join('\n'))
      .toBeGreaterThanOrEqual(PRECISION_TARGET)
  })

  it('never links a name with another birth date', () => {
    expect(result.errors.filter((e) => !e.pair.same && e.pair.a.dateOfBirth !== e.pair.b.dateOfBirth)).toEqual([])
  })
})
