// A tracked rescoring run over a whole (large) database, beside the bare BullMQ baseline of the same run:
//   node --import tsx bench/rescoring-run.ts --database-url postgres://postgres@127.0.0.1:5432/rnm_bench_1m
//     [--concurrency 64] [--chunk 2000] [--at-once 2] [--noop-jobs 100000] [--keep-scores]
// The database is one `npm run seed -- --reports 1000000` filled (migrated to this checkout first). The run is
// what adopting a new ruleset does: one run over every report, its chunk jobs enqueued while one scoring worker
// (the service's BullMQ worker) drains them. A seeded database already holds a score under the current ruleset
// for every report, which a run would leave alone; so unless --keep-scores is given, those scores are deleted
// first (and the table vacuumed, outside the timing), and the run writes every score anew as an adoption does.
// The report rows then already carry these scores, so none of them changes: to measure a real adoption, the
// rows must carry an earlier ruleset's scores first (bench/RESULTS.md, "cheaper rescoring writes", says how).
// Uses only 127.0.0.1. The run's scores stay.
import { randomUUID } from 'node:crypto'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { openDatabase } from '../src/db/client.ts'
import { SYSTEM_CONTEXT, withContext } from '../src/db/context.ts'
import { createRun, findRun } from '../src/db/queries/rescoring-runs.ts'
import { RULESET_VERSION } from '../src/domain/index.ts'
import { createLogger } from '../src/logger.ts'
import { BullmqScoringQueue, startScoringWorker } from '../src/queue/bullmq.ts'
import { enqueuePendingRunItems } from '../src/scoring/reconciler.ts'
import { createScoringHandlers } from '../src/scoring/job-handler.ts'
import { RUN_CHUNK_SIZE, RUN_CHUNKS_AT_ONCE, type ChunkTimings } from '../src/scoring/run-chunk.ts'
import { measureCpu } from './lib/cpu.ts'
import { measureQueueDrain } from './lib/queue-drain.ts'

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    concurrency: { type: 'string', default: '64' },
    batch: { type: 'string', default: '16' },
    chunk: { type: 'string', default: String(RUN_CHUNK_SIZE) },
    'at-once': { type: 'string', default: String(RUN_CHUNKS_AT_ONCE) },
    'noop-jobs': { type: 'string', default: '100000' },
    'keep-scores': { type: 'boolean', default: false }
  }
})
const DATABASE_URL = values['database-url'] ?? process.env.BENCH_RESCORE_DATABASE_URL
if (DATABASE_URL === undefined) throw new Error('--database-url (a seeded database) is required')
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379'
for (const url of [DATABASE_URL, REDIS_URL]) {
  if (!['127.0.0.1', 'localhost'].includes(new URL(url).hostname)) throw new Error(`the benchmark runs against 127.0.0.1 only, not ${new URL(url).hostname}`)
}
const CONCURRENCY = Number(values.concurrency)
const BATCH = Number(values.batch)
const CHUNK = Number(values.chunk)
const AT_ONCE = Number(values['at-once'])
const NOOP_JOBS = Number(values['noop-jobs'])
const log = createLogger('silent')

const noop = await measureQueueDrain({
  name: 'no-op worker',
  redisUrl: REDIS_URL,
  concurrency: CONCURRENCY,
  log,
  handler: async () => {},
  jobs: Array.from({ length: NOOP_JOBS }, () => ({ kind: 'red_notice' as const, reportId: randomUUID(), revision: 1 }))
})

const database = await openDatabase({ kind: 'postgres', url: DATABASE_URL, poolMax: 10, statementTimeoutMs: 3_600_000 }, log)
const settings = { url: REDIS_URL, prefix: `bench-rescore-${randomUUID().slice(0, 8)}` }
const queue = new BullmqScoringQueue(settings, log)
try {
  // As the database's owner: the service's role may not delete runs or scores.
  const owner = new pg.Client({ connectionString: DATABASE_URL })
  await owner.connect()
  try {
    // Earlier runs of this benchmark, finished or stopped, would otherwise be resumed by this one's reconcile.
    await owner.query('delete from rescoring_run_items')
    await owner.query('delete from rescoring_runs')
    if (values['keep-scores'] !== true) {
      const t = performance.now()
      const deleted = await owner.query('delete from scores where ruleset_version = $1', [RULESET_VERSION])
      await owner.query('vacuum analyze scores')
      console.error(`deleted ${(deleted.rowCount ?? 0).toLocaleString('en-US')} scores under ${RULESET_VERSION} and vacuumed in ${((performance.now() - t) / 1000).toFixed(0)} s`)
    }
    await owner.query('vacuum analyze rescoring_run_items')
    await owner.query('checkpoint')
  } finally {
    await owner.end()
  }

  const chunks: ChunkTimings[] = []
  const handlers = createScoringHandlers({ db: database.db, log, onChunk: (t) => chunks.push(t), chunksAtOnce: AT_ONCE })
  const cpu = measureCpu(process.pid)
  const started = performance.now()
  const run = await withContext(database.db, SYSTEM_CONTEXT, (tx) => createRun(tx, { rulesetVersion: RULESET_VERSION, scope: {}, reason: 'ruleset.adopted', createdByKey: null }))
  const created = (performance.now() - started) / 1000
  console.error(`run ${run.id}: ${run.total.toLocaleString('en-US')} items created in ${created.toFixed(1)} s`)
  const worker = startScoringWorker({ settings, concurrency: CONCURRENCY, handler: handlers.handle, batch: { handler: handlers.scoreBatch, maxSize: BATCH }, log })
  const enqueued = await enqueuePendingRunItems({ db: database.db, queue, log, runChunkSize: CHUNK }, run.id)
  console.error(`${((performance.now() - started) / 1000).toFixed(1)} s: ${enqueued.toLocaleString('en-US')} items enqueued in ${Math.ceil(enqueued / CHUNK)} chunk jobs`)
  let finished = null as Awaited<ReturnType<typeof findRun>>
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 5000))
    const now = await withContext(database.db, SYSTEM_CONTEXT, (tx) => findRun(tx, run.id))
    console.error(`${((performance.now() - started) / 1000).toFixed(0)} s: ${now?.done.toLocaleString('en-US')} done, ${now?.failed} failed of ${now?.total.toLocaleString('en-US')}`)
    if (now?.status === 'finished') { finished = now; break }
  }
  const seconds = (performance.now() - started) / 1000
  const used = cpu?.(run.total)
  await worker.close(5000)
  const rate = run.total / seconds
  const sum = (key: keyof ChunkTimings): number => chunks.reduce((s, c) => s + c[key], 0)
  const items = sum('items')
  const us = (key: keyof ChunkTimings): string => (sum(key) * 1000 / Math.max(1, items)).toFixed(0)
  console.log(`\nRescoring run over every report, one worker, chunks of ${CHUNK} items, ${AT_ONCE} at once, ruleset ${RULESET_VERSION}${values['keep-scores'] === true ? ' (scores kept: equal ones are not written again)' : ''}\n`)
  console.log('| run | reports | seconds | reports/s |')
  console.log('| --- | ---: | ---: | ---: |')
  console.log(`| ${noop.name} (bare BullMQ baseline, one job per report, concurrency ${CONCURRENCY}) | ${NOOP_JOBS} | ${noop.seconds.toFixed(1)} | ${Math.round(noop.rate)} |`)
  console.log(`| rescoring run (items created in ${created.toFixed(1)} s) | ${run.total} | ${seconds.toFixed(1)} | ${Math.round(rate)} |`)
  console.log(`\nrescoring/no-op ratio: ${(rate / noop.rate).toFixed(2)}; done ${finished.done}, failed ${finished.failed}`)
  console.log(`the run took ${(seconds / 60).toFixed(1)} min (target ≤ 3 min for 1,000,000 reports); the bare queue alone would take ${(run.total / noop.rate / 60).toFixed(1)} min`)
  console.log(`per report, wall time inside the ${chunks.length} chunks: load ${us('loadMs')} µs, rules ${us('scoreMs')} µs, write ${us('writeMs')} µs (${AT_ONCE} chunks overlap)`)
  if (used !== undefined) {
    console.log(`CPU per report: this process ${(used.server * 1000).toFixed(0)} µs, PostgreSQL ${(used.postgres * 1000).toFixed(0)} µs, Redis ${(used.redis * 1000).toFixed(0)} µs; machine busy ${(used.machineBusy * 100).toFixed(0)} %`)
  }
} finally {
  await queue.raw.obliterate({ force: true })
  await queue.close()
  await database.close()
}
