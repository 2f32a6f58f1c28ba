import { measureCpu } from './cpu.ts'
import { drive, type LoadResult } from './load.ts'
import type { BenchOptions } from './options.ts'
import { printCpu, printRatios, printTable } from './report.ts'

export interface Target {
  target: string
  url: string
  headers: Record<string, string>
  /** The server's process, whose CPU per request is measured beside PostgreSQL's and Redis's (bench/lib/cpu.ts). */
  pid?: number
}

/**
 * Loads the project's route and its bare baseline in turn, at each connection count, and prints the table
 * and the ratio lines. Returns the results and whether the targets hold.
 */
export async function compare (options: BenchOptions & { title: string, label: string, project: Target, baseline: Target }): Promise<{ results: LoadResult[], met: boolean }> {
  const targets = [options.project, options.baseline]
  console.log(`${options.title}: ${options.durationSec} s per run at ${options.connections.join(' and ')} connections, ${options.warmupSec} s warm-up each`)
  // Warm-up: JIT, connection pools and PostgreSQL's caches, for both sides alike.
  if (options.warmupSec > 0) {
    for (const t of targets) await drive({ ...t, connections: Math.min(...options.connections), durationSec: options.warmupSec })
  }
  const results: LoadResult[] = []
  for (const [i, connections] of options.connections.entries()) {
    // Alternating which target goes first evens out drift in the machine's background load.
    for (const t of i % 2 === 0 ? targets : [...targets].reverse()) {
      const cpu = measureCpu(t.pid)
      const result = await drive({ ...t, connections, durationSec: options.durationSec })
      if (cpu !== null) result.cpu = cpu(Object.values(result.statusCodes).reduce((sum, n) => sum + n, 0))
      results.push(result)
      console.log(`  ${t.target} @${connections}: ${result.reqPerSec.toFixed(0)} req/s`)
    }
  }
  printTable(options.title, results)
  const met = printRatios(options.label, options.project.target, options.baseline.target, results)
  printCpu(options.label, options.project.target, options.baseline.target, results)
  console.log(`targets (≥ 60 % req/s, p99 ≤ 2×, 0 errors): ${met ? 'met' : 'NOT met'}`)
  if (!met && options.strict) process.exitCode = 1
  return { results, met }
}

/** The project's 201s across a run's measured results (warm-up excluded). */
export const created = (results: LoadResult[], target: string): number =>
  results.filter((r) => r.target === target).reduce((sum, r) => sum + (r.statusCodes['201'] ?? 0), 0)
