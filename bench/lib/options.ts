import { parseArgs } from 'node:util'

export interface BenchOptions { durationSec: number, warmupSec: number, connections: number[], profileDir: string | null, strict: boolean }

const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, Math.round(value)))

/** Command-line options shared by the benchmarks; every duration is clamped so a run stays bounded. */
export function benchOptions (): BenchOptions {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '3' },
      connections: { type: 'string', default: '10,100' },
      profile: { type: 'string' },
      strict: { type: 'boolean', default: false }
    },
    allowPositionals: false
  })
  return {
    durationSec: clamp(Number(values.duration), 1, 60),
    warmupSec: clamp(Number(values.warmup), 0, 30),
    connections: values.connections.split(',').map((n) => clamp(Number(n), 1, 500)),
    // --profile <dir>: the service process writes a V8 CPU profile there (open it in Chrome DevTools).
    profileDir: values.profile ?? null,
    // --strict: exit 1 when a target is missed, for use as a regression gate.
    strict: values.strict
  }
}

export const profileFlags = (dir: string | null): string[] => (dir === null ? [] : ['--cpu-prof', `--cpu-prof-dir=${dir}`])
