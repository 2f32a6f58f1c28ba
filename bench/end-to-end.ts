/**
 * End to end: from a partner's POST to the report's score being stored, at a steady arrival rate, in
 * production mode (PostgreSQL, BullMQ on Redis, the API and one worker process), beside a bare pipeline in
 * the same run (bench/lib/bare-server.ts with BullMQ: one INSERT, a queue hop, bench/lib/bare-worker.ts:
 * one UPDATE).
 *
 *   npm run bench:end-to-end [-- --rate 100 --duration 10 --warmup 3]
 *
 * Requests go out open-loop at --rate per second (a slow answer does not slow the arrivals, as with real
 * partners). A report counts as scored when PostgreSQL notifies the commit of its first score row (a
 * trigger this benchmark adds to its own throw-away database), so the latency is POST sent → score
 * committed, measured on one clock. Target (issue 6): p99 ≤ 50 ms at 100 req/s.
 */
import { parseArgs } from 'node:util'
import pg from 'pg'
import { redNoticeBody } from './lib/bodies.ts'
import { Cleanup } from './lib/cleanup.ts'
import { KeepAliveClient } from './lib/http-client.ts'
import { percentiles } from './lib/latency.ts'
import { printColumns } from './lib/report.ts'
import { startServices, type Service } from './lib/processes.ts'
import { REDIS_URL } from './lib/redis.ts'
import { reporterBench } from './lib/service-env.ts'

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '100' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' }
  },
  // `npm run bench` passes every benchmark the same arguments; the ones this one does not know are ignored.
  strict: false
})
const RATE = Math.min(1000, Math.max(1, Number(values.rate)))
const DURATION_SEC = Math.min(60, Math.max(1, Number(values.duration)))
const WARMUP_SEC = Math.min(30, Math.max(0, Number(values.warmup)))
const TARGET_P99_MS = 50
const CHANNEL = 'rnm_bench_scored'
// A score that has not arrived this long after the last POST is counted as missing.
const DRAIN_TIMEOUT_MS = 15_000

interface Pipeline { name: string, url: string, headers: Record<string, string> }
interface RunResult { name: string, sent: number, acknowledged: number, failed: number, failures: Record<string, number>, scored: number, ackMs: number[], scoreMs: number[] }

/** Every first score commit, by report id, at the moment this process hears of it. */
class ScoreWatcher {
  readonly seen = new Map<string, number>()
  private constructor (private readonly client: pg.Client) {}

  static async start (url: string): Promise<ScoreWatcher> {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    const watcher = new ScoreWatcher(client)
    client.on('notification', (message) => {
      if (message.payload !== undefined && !watcher.seen.has(message.payload)) watcher.seen.set(message.payload, performance.now())
    })
    await client.query(`listen ${CHANNEL}`)
    return watcher
  }

  async stop (): Promise<void> { await this.client.end() }
}

/** Notifies each score's report id at commit: the service's scores table and the bare worker's UPDATE. */
async function installNotifyTriggers (url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(`
      create or replace function rnm_bench_notify_score() returns trigger language plpgsql as $$
      begin perform pg_notify('${CHANNEL}', new.report_id::text); return null; end $$;
      create trigger rnm_bench_scored after insert on scores for each row execute function rnm_bench_notify_score();
      create or replace function rnm_bench_notify_bare() returns trigger language plpgsql as $$
      begin perform pg_notify('${CHANNEL}', new.id::text); return null; end $$;
      create trigger rnm_bench_bare_scored after update of scored_at on bare_reports for each row execute function rnm_bench_notify_bare();`)
  } finally {
    await client.end()
  }
}

/** Open-loop arrivals at RATE per second for durationSec; then waits for the scores to arrive. */
async function run (pipeline: Pipeline, watcher: ScoreWatcher, durationSec: number, offset: number): Promise<RunResult> {
  // Open loop: a slow answer must not hold up the next arrival, so sockets are opened as needed and kept.
  const client = new KeepAliveClient(Infinity)
  const sentAt = new Map<string, number>()
  const ackMs: number[] = []
  let failed = 0
  const failures: Record<string, number> = {}
  const fail = (reason: string): void => { failed++; failures[reason] = (failures[reason] ?? 0) + 1 }
  const inFlight: Array<Promise<void>> = []
  const total = Math.round(RATE * durationSec)
  const start = performance.now()
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / RATE
    const wait = due - performance.now()
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait))
    const t0 = performance.now()
    inFlight.push(client.postJson(pipeline.url, pipeline.headers, JSON.stringify(redNoticeBody(offset + i))).then((response) => {
      const body = response.body as { id?: string }
      if (response.status !== 201 || body.id === undefined) { fail(String(response.status)); return }
      ackMs.push(performance.now() - t0)
      sentAt.set(body.id, t0)
    }, (err: unknown) => { fail((err as Error).name) }))
  }
  await Promise.all(inFlight)
  client.close()
  const deadline = performance.now() + DRAIN_TIMEOUT_MS
  while (performance.now() < deadline && [...sentAt.keys()].some((id) => !watcher.seen.has(id))) {
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  const scoreMs = [...sentAt].flatMap(([id, t0]) => {
    const t1 = watcher.seen.get(id)
    return t1 === undefined ? [] : [t1 - t0]
  })
  return { name: pipeline.name, sent: total, acknowledged: sentAt.size, failed, failures, scored: scoreMs.length, ackMs, scoreMs }
}

const fixed = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : '—')

function printResults (results: RunResult[]): void {
  const header = ['pipeline', 'sent', 'acked', 'failed', 'scored', 'ack p50', 'ack p99', 'score p50', 'score p95', 'score p99', 'score max']
  const rows = results.map((r) => {
    const ack = percentiles(r.ackMs)
    const score = percentiles(r.scoreMs)
    return [r.name, String(r.sent), String(r.acknowledged), String(r.failed), String(r.scored),
      fixed(ack.p50), fixed(ack.p99), fixed(score.p50), fixed(score.p95), fixed(score.p99), fixed(Math.max(...r.scoreMs))]
  })
  console.log(`\nPOST → score committed at ${RATE} req/s for ${DURATION_SEC} s (milliseconds)`)
  printColumns(header, rows)
  for (const r of results) {
    if (r.failed > 0) console.log(`  ${r.name} failures: ${Object.entries(r.failures).map(([reason, n]) => `${reason}×${n}`).join(', ')}`)
  }
}

const cleanup = new Cleanup()
try {
  const { database, token, prefix, serviceEnv } = await reporterBench(cleanup)
  const bareEnv = { DATABASE_URL: database.url, BARE_QUEUE_REDIS_URL: REDIS_URL, BARE_QUEUE_PREFIX: `${prefix}-bare` }
  // The bare server creates its table; its worker and the notify triggers need it, so they start after.
  const [service, bare] = await startServices([
    { name: 'service', script: 'src/server.ts', readyPath: '/health/ready', env: serviceEnv },
    { name: 'bare', script: 'bench/lib/bare-server.ts', readyPath: '/health/ready', env: { ...bareEnv, BARE_STORAGE: 'postgres' } }
  ], (started) => cleanup.add(() => started.stop())) as [Service, Service]
  await startServices([
    { name: 'worker', script: 'workers/index.ts', readyPath: '', readyLine: 'scoring worker started', env: { ...serviceEnv, LOG_LEVEL: 'info' } },
    { name: 'bare-worker', script: 'bench/lib/bare-worker.ts', readyPath: '', readyLine: 'bare worker ready', env: bareEnv }
  ], (started) => cleanup.add(() => started.stop()))
  await installNotifyTriggers(database.url)
  const watcher = await ScoreWatcher.start(database.url)
  cleanup.add(() => watcher.stop())

  const pipelines: Pipeline[] = [
    { name: 'service', url: `${service.url}/v1/red-notices`, headers: { authorization: `Bearer ${token}` } },
    { name: 'bare', url: `${bare.url}/bare/red-notices`, headers: {} }
  ]
  // Warm-up (JIT, pools, caches, the workers' first fetch) for both, then the measured runs, alternating.
  let offset = 0
  for (const pipeline of pipelines) { await run(pipeline, watcher, WARMUP_SEC, offset); offset += 10_000 }
  const results: RunResult[] = []
  for (const pipeline of pipelines) { results.push(await run(pipeline, watcher, DURATION_SEC, offset)); offset += 10_000 }
  printResults(results)

  const [ours, baseline] = results as [RunResult, RunResult]
  const p99 = (r: RunResult): number => percentiles(r.scoreMs).p99
  const lost = ours.acknowledged - ours.scored
  console.log(`\nend-to-end p99 ratio (service/bare): ${(p99(ours) / p99(baseline)).toFixed(2)}`)
  console.log(`end-to-end p99 service: ${fixed(p99(ours))} ms (target ≤ ${TARGET_P99_MS} ms: ${p99(ours) <= TARGET_P99_MS ? 'met' : 'NOT met'}); acknowledged ${ours.acknowledged}, scored ${ours.scored}, failed ${ours.failed}, not scored within ${DRAIN_TIMEOUT_MS / 1000} s ${lost}`)
} finally {
  await cleanup.run()
}
