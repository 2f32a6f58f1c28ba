/** Latency percentiles of sequential calls: one caller, so each figure is a request's own time, not queueing. */
export interface Percentiles { p50: number, p95: number, p99: number, samples: number }

export function percentiles (samplesMs: number[]): Percentiles {
  const sorted = [...samplesMs].sort((a, b) => a - b)
  // Nearest rank: the smallest sample with at least p % of the samples at or below it.
  const at = (p: number): number => sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
  return { p50: at(50), p95: at(95), p99: at(99), samples: sorted.length }
}

/**
 * Runs fn `warmup` times unmeasured, then `count` times one after the other, timing each call; `record`, if given,
 * receives each measured call's start (performance.now()) and duration, in order.
 */
export async function measure (count: number, warmup: number, fn: (i: number) => Promise<void>,
  record?: (startedAt: number, ms: number) => void): Promise<Percentiles> {
  for (let i = 0; i < warmup; i++) await fn(i)
  const samples: number[] = []
  for (let i = 0; i < count; i++) {
    const started = performance.now()
    await fn(warmup + i)
    const ms = performance.now() - started
    samples.push(ms)
    record?.(started, ms)
  }
  return percentiles(samples)
}
