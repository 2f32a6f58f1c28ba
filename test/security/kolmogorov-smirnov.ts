/**
 * Two-sample Kolmogorov–Smirnov test, for S14's timing comparison (docs/security.md §7): are two samples of
 * response times drawn from one distribution? Returns the statistic D (the largest gap between the two
 * empirical distribution functions) and its asymptotic p-value (Numerical Recipes §14.3, `probks`), which
 * is accurate for the sample sizes the test uses (thousands).
 */
export interface KsResult { d: number, p: number, n: number, m: number }

/** Q_KS(λ) = 2 Σ_{j≥1} (−1)^{j−1} e^{−2j²λ²}: the probability of a gap at least this large under H0. */
export function kolmogorovQ (lambda: number): number {
  if (lambda < 1e-3) return 1
  let sum = 0
  let previous = 0
  for (let j = 1; j <= 100; j++) {
    const term = 2 * (j % 2 === 1 ? 1 : -1) * Math.exp(-2 * j * j * lambda * lambda)
    sum += term
    if (Math.abs(term) <= 1e-10 * Math.abs(previous) || Math.abs(term) <= 1e-16) return Math.min(1, Math.max(0, sum))
    previous = term
  }
  return 1 // did not converge: only for tiny λ, where the answer is 1
}

export function ksTwoSample (a: readonly number[], b: readonly number[]): KsResult {
  if (a.length === 0 || b.length === 0) throw new Error('both samples need values')
  const x = [...a].sort((p, q) => p - q)
  const y = [...b].sort((p, q) => p - q)
  let i = 0
  let j = 0
  let d = 0
  while (i < x.length && j < y.length) {
    const value = Math.min(x[i]!, y[j]!)
    // Step past every copy of this value in both samples before comparing: ties move both functions at once.
    while (i < x.length && x[i] === value) i++
    while (j < y.length && y[j] === value) j++
    d = Math.max(d, Math.abs(i / x.length - j / y.length))
  }
  const ne = (x.length * y.length) / (x.length + y.length)
  const root = Math.sqrt(ne)
  return { d, p: kolmogorovQ((root + 0.12 + 0.11 / root) * d), n: x.length, m: y.length }
}
