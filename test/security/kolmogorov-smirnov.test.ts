import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { kolmogorovQ, ksTwoSample } from './kolmogorov-smirnov.ts'

/** A seeded uniform generator, so the statistical checks below are the same on every run. */
function uniform (seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

describe('two-sample Kolmogorov–Smirnov', () => {
  it('computes D as the largest gap between the empirical distribution functions', () => {
    expect(ksTwoSample([1, 2, 3], [1, 2, 3]).d).toBe(0)
    expect(ksTwoSample([1, 2, 3], [4, 5, 6]).d).toBe(1)
    // F_a jumps to 1/2 at 1 and 1 at 3; F_b to 1/4 at 2, 1/2 at 3, 1 at 5: the largest gap is 1/2 (at 1 and at 3).
    expect(ksTwoSample([1, 3], [2, 3, 5, 5]).d).toBeCloseTo(0.5, 12)
    // Ties across samples move both functions together.
    expect(ksTwoSample([1, 1, 2], [1, 2, 2]).d).toBeCloseTo(1 / 3, 12)
  })

  it('gives Kolmogorov\'s distribution: Q(0) = 1, Q(1.36) ≈ 0.05, Q(1.63) ≈ 0.01, decreasing', () => {
    expect(kolmogorovQ(0)).toBe(1)
    expect(kolmogorovQ(1.358)).toBeCloseTo(0.05, 3)
    expect(kolmogorovQ(1.628)).toBeCloseTo(0.01, 3)
    fc.assert(fc.property(fc.double({ min: 0.05, max: 3, noNaN: true }), fc.double({ min: 0.01, max: 1, noNaN: true }), (l, step) => {
      expect(kolmogorovQ(l + step)).toBeLessThanOrEqual(kolmogorovQ(l) + 1e-12)
    }))
  })

  it('is symmetric and finds no difference between samples of one distribution', () => {
    const next = uniform(7)
    const a = Array.from({ length: 2000 }, next)
    const b = Array.from({ length: 2000 }, next)
    const ab = ksTwoSample(a, b)
    expect(ksTwoSample(b, a)).toEqual({ ...ab, n: ab.m, m: ab.n })
    expect(ab.p).toBeGreaterThan(0.01)
  })

  it('finds a shift of a tenth of the spread in 2,000 samples', () => {
    const next = uniform(11)
    const a = Array.from({ length: 2000 }, next)
    const b = Array.from({ length: 2000 }, () => next() + 0.1)
    const result = ksTwoSample(a, b)
    expect(result.d).toBeGreaterThan(0.08)
    expect(result.p).toBeLessThan(1e-6)
  })
})
