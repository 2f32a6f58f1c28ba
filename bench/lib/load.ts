import { randomUUID } from 'node:crypto'
import autocannon from 'autocannon'
import { redNoticeBody } from './bodies.ts'
import type { CpuPerRequest } from './cpu.ts'

export interface LoadResult {
  target: string
  connections: number
  /** Mean of the per-second response counts (autocannon's req/s). */
  reqPerSec: number
  p50: number
  p99: number
  /** Connection errors and timeouts. */
  errors: number
  /** Of errors, the requests unanswered after autocannon's 10 s timeout. */
  timeouts: number
  non2xx: number
  ok: number
  statusCodes: Record<string, number>
  /** Where the run's CPU went, per answered request (set by compare where /proc can be read). */
  cpu?: CpuPerRequest
}

// One counter for the whole run: no two requests, warm-up included, ever send the same body.
let sequence = 0

/** Loads one target with POSTs of distinct realistic reports, each with its own Idempotency-Key. */
export async function drive (options: {
  target: string
  url: string
  headers?: Record<string, string>
  connections: number
  durationSec: number
}): Promise<LoadResult> {
  assertLoopback(options.url)
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSec,
    timeout: 10,
    requests: [{
      method: 'POST',
      setupRequest: (request) => ({
        ...request,
        headers: { ...options.headers, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify(redNoticeBody(sequence++))
      })
    }]
  })
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, Number(count)]))
  return {
    target: options.target,
    connections: options.connections,
    reqPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    ok: result['2xx'],
    statusCodes
  }
}

/** Benchmarks load only this machine (security.md §7): anything but a loopback address is refused. */
export function assertLoopback (url: string): void {
  const { hostname } = new URL(url)
  if (hostname !== '127.0.0.1' && hostname !== 'localhost' && hostname !== '[::1]') {
    throw new Error(`benchmarks run against 127.0.0.1 only, not ${hostname}`)
  }
}
