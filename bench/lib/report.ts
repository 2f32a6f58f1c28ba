import type { LoadResult } from './load.ts'

// Targets from issue 6: the service keeps ≥ 60 % of the bare route's throughput, ≤ 2× its p99, and never errs.
export const TARGETS = { minReqRatio: 0.6, maxP99Ratio: 2 } as const

const fixed = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : '—')

/** A table of aligned columns: the first left-aligned, the others right-aligned, a rule under the header. */
export function printColumns (header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)))
  const line = (cells: string[]): string => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')
  console.log(line(header))
  console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  for (const row of rows) console.log(line(row))
}

export function printTable (title: string, results: LoadResult[]): void {
  const header = ['target', 'conns', 'req/s', 'p50 ms', 'p99 ms', '2xx', 'errors', 'non-2xx']
  const rows = results.map((r) => [r.target, String(r.connections), fixed(r.reqPerSec), fixed(r.p50), fixed(r.p99), String(r.ok), String(r.errors), String(r.non2xx)])
  console.log(`\n${title}`)
  printColumns(header, rows)
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

/**
 * CPU per answered request, in ms summed over all cores, for each run; then, per connection count, how
 * many times the project's request costs the baseline's, in all and part by part. On a machine the load
 * saturates, the req/s ratio cannot exceed the inverse of the total (the load generator's share included).
 */
export function printCpu (label: string, project: string, baseline: string, results: LoadResult[]): void {
  const measured = results.filter((r) => r.cpu !== undefined)
  if (measured.length === 0) return
  const header = ['target', 'conns', 'server', 'postgres', 'redis', 'load gen', 'other', 'total', 'machine busy']
  const rows = measured.map((r) => {
    const cpu = r.cpu!
    return [r.target, String(r.connections), fixed(cpu.server, 3), fixed(cpu.postgres, 3), fixed(cpu.redis, 3), fixed(cpu.loadGenerator, 3), fixed(cpu.other, 3), fixed(cpu.total, 3), `${fixed(100 * cpu.machineBusy, 0)} %`]
  })
  console.log('\nCPU per request, ms over all cores (/proc, measured runs only)')
  printColumns(header, rows)
  for (const n of [...new Set(measured.map((r) => r.connections))]) {
    const a = measured.find((r) => r.target === project && r.connections === n)?.cpu
    const b = measured.find((r) => r.target === baseline && r.connections === n)?.cpu
    if (a === undefined || b === undefined || b.total <= 0) continue
    // A part the baseline hardly uses (Redis: the bare route enqueues nothing) is given in ms, not as a multiple of almost nothing.
    const part = (name: string, x: number, y: number): string => (y >= 0.01 ? `${name} ${fixed(x / y, 1)}×` : `${name} ${x >= y ? '+' : ''}${fixed(x - y, 3)} ms`)
    const parts = [part('server', a.server, b.server), part('postgres', a.postgres, b.postgres), part('redis', a.redis, b.redis)]
    console.log(`${label} CPU per request @${n}: ${fixed(a.total / b.total, 1)}× (${parts.join(', ')}); req/s ratio this CPU allows on saturated cores: ${fixed(b.total / a.total, 2)}`)
  }
}
