// A tracked rescoring run over a whole (large) database, beside the bare BullMQ baseline of the same run:
//   node --import tsx bench/rescoring-run.ts --database-url postgres://postgres@127.0.0.1:5432/rnm_bench_1m
//     [--concurrency 64] [--batch 16] [--noop-jobs 100000]
// The database is one `npm run seed -- --reports 1000000` filled (migrated to this checkout first). The run is
// what adopting a new ruleset does: one run over every report, its items enqueued while one scoring worker
// (the service's BullMQ worker with its micro-batches) drains them. Uses only 127.0.0.1. The run's scores stay.
import { randomUUID } from 'node:crypto'
import { parseArgs } from 'node:util'
import { openDatabase } from '../src/db/client.ts'
import { SYSTEM_CONTEXT, withContext } from '../src/db/context.ts'
import { createRun, findRun } from '../src/db/queries/rescoring-runs.ts'
import { RULESET_VERSION } from '../src/domain/index.ts'
import { createLogger } from '../src/logger.ts'
import { BullmqScoringQueue, startScoringWorker } from '../src/queue/bullmq.ts'
import { enqueuePendingRunItems } from '../src/scoring/reconciler.ts'
import { createScoringHandlers } from '../src/scoring/job-handler.ts'
import { measureQueueDrain } from './lib/queue-drain.ts'

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    concurrency: { type: 'string', default: '64' },
    batch: { type: 'string', default: '16' },
    'noop-jobs': { type: 'string', default: '100000' }
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

const database = await openDatabase({ kind: 'postgres', url: DATABASE_URL, poolMax: Math.max(CONCURRENCY, 10), statementTimeoutMs: 600_000 }, log)
const settings = { url: REDIS_URL, prefix: `bench-rescore-${randomUUID().slice(0, 8)}` }
const queue = new BullmqScoringQueue(settings, log)
try {
  const started = performance.now()
  const run = await withContext(database.db, SYSTEM_CONTEXT, (tx) => createRun(tx, { rulesetVersion: RULESET_VERSION, scope: {}, reason: 'ruleset.adopted', createdByKey: null }))
  const created = (performance.now() - started) / 1000
  console.error(`run ${run.id}: ${run.total.toLocaleString('en-US')} items created in ${created.toFixed(1)} s`)
  const handlers = createScoringHandlers({ db: database.db, log })
  const worker = startScoringWorker({ settings, concurrency: CONCURRENCY, handler: handlers.handle, batch: { handler: handlers.scoreBatch, maxSize: BATCH }, log })
  // Pages small enough for the queue's enqueue timeout; what a page fails to enqueue the next call picks up.
  const enqueueAll = async (): Promise<void> => {
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        await enqueuePendingRunItems({ db: database.db, queue, log, pageSize: 500 }, run.id)
        return
      } catch (err) {
        console.error(`enqueue attempt ${attempt + 1} failed (${(err as Error).message}); retrying`)
      }
    }
  }
  const enqueued = enqueueAll()
  let finished = null as Awaited<ReturnType<typeof findRun>>
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 2000))
    const now = await withContext(database.db, SYSTEM_CONTEXT, (tx) => findRun(tx, run.id))
    console.error(`${((performance.now() - started) / 1000).toFixed(0)} s: ${now?.done.toLocaleString('en-US')} done, ${now?.failed} failed of ${now?.total.toLocaleString('en-US')}`)
    if (now?.status === 'finished') { finished = now; break }
  }
  const seconds = (performance.now() - started) / 1000
  await enqueued
  await worker.close(5000)
  const rate = run.total / seconds
  console.log(`\nRescoring run over every report, one worker, concurrency ${CONCURRENCY}, micro-batches of ${BATCH}, ruleset ${RULESET_VERSION}\n`)
  console.log('| run | reports | seconds | reports/s |')
  console.log('| --- | ---: | ---: | ---: |')
  console.log(`| ${noop.name} (bare BullMQ baseline) | ${NOOP_JOBS} | ${noop.seconds.toFixed(1)} | ${Math.round(noop.rate)} |`)
  console.log(`| rescoring run (items created in ${created.toFixed(1)} s) | ${run.total} | ${seconds.toFixed(1)} | ${Math.round(rate)} |`)
  console.log(`\nrescoring/no-op ratio: ${(rate / noop.rate).toFixed(2)}; done ${finished.done}, failed ${finished.failed}`)
  console.log(`the run took ${(seconds / 60).toFixed(1)} min (target ≤ 3 min for 1,000,000 reports); the bare queue alone would take ${(run.total / noop.rate / 60).toFixed(1)} min`)
} finally {
  await queue.raw.obliterate({ force: true })
  await queue.close()
  await database.close()
}
