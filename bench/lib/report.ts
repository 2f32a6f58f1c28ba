import type { LoadResult } from './load.ts'

// Targets from issue 6: the service keeps ≥ 60 % of the bare route's throughput, ≤ 2× its p99, and never errs.
export const TARGETS = { minReqRatio: 0.6, maxP99Ratio: 2 } as const

const fixed = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : '—')

export function printTable (title: string, results: LoadResult[]): void {
  const header = ['target', 'conns', 'req/s', 'p50 ms', 'p99 ms', '2xx', 'errors', 'non-2xx']
  const rows = results.map((r) => [r.target, String(r.connections), fixed(r.reqPerSec), fixed(r.p50), fixed(r.p99), String(r.ok), String(r.errors), String(r.non2xx)])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)))
  const line = (cells: string[]): string => cells.map((cell, i) => (i < 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')
  console.log(`\n${title}`)
  console.log(line(header))
  console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  for (const row of rows) console.log(line(row))
  for (const r of results) {
    const odd = Object.entries(r.statusCodes).filter(([code]) => !code.startsWith('2'))
    if (odd.length > 0) console.log(`  ${r.target} @${r.connections}: status codes ${odd.map(([code, n]) => `${code}×${n}`).join(', ')}`)
    if (r.errors > 0) console.log(`  ${r.target} @${r.connections}: ${r.timeouts} of ${r.errors} errors are 10 s timeouts, the rest connection errors`)
  }
}

/**
 * Prints `<label> req/s ratio @N: X` and `<label> p99 ratio @N: Y` for each connection count and whether
 * the targets hold; returns false when any does not.
 */
export function printRatios (label: string, project: string, baseline: string, results: LoadResult[]): boolean {
  let met = true
  const connections = [...new Set(results.map((r) => r.connections))]
  console.log('')
  for (const n of connections) {
    const a = results.find((r) => r.target === project && r.connections === n)
    const b = results.find((r) => r.target === baseline && r.connections === n)
    if (a === undefined || b === undefined) continue
    const reqRatio = a.reqPerSec / b.reqPerSec
    const p99Ratio = a.p99 / b.p99
    const clean = a.errors + a.non2xx === 0
    met &&= reqRatio >= TARGETS.minReqRatio && p99Ratio <= TARGETS.maxP99Ratio && clean
    console.log(`${label} req/s ratio @${n}: ${fixed(reqRatio, 2)} (target ≥ ${TARGETS.minReqRatio}: ${reqRatio >= TARGETS.minReqRatio ? 'met' : 'NOT met'})`)
    console.log(`${label} p99 ratio @${n}: ${fixed(p99Ratio, 2)} (target ≤ ${TARGETS.maxP99Ratio}: ${p99Ratio <= TARGETS.maxP99Ratio ? 'met' : 'NOT met'})`)
    console.log(`${label} errors @${n}: ${a.errors + a.non2xx} (target 0: ${clean ? 'met' : 'NOT met'})`)
  }
  return met
}
