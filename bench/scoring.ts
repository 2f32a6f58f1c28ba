// Scoring throughput against a bare BullMQ baseline, in one run:
//   node --import tsx bench/scoring.ts [--reports 10000] [--concurrency 64] [--batch 16]  (the worker's defaults)
// 1. no-op: the scoring worker's BullMQ code path with a handler that does nothing (the queue's own cost);
// 2. scoring, one job per transaction (--batch 1), then 3. scoring with micro-batches of --batch jobs,
// each on N reports pre-inserted in a fresh, migrated database. Same concurrency everywhere.
// Uses only 127.0.0.1 (BENCH_DATABASE_URL, BENCH_REDIS_URL), and drops its database and queues at the end.
import { randomBytes, randomUUID } from 'node:crypto'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { openDatabase, type DatabaseHandle } from '../src/db/client.ts'
import { SYSTEM_CONTEXT, withContext } from '../src/db/context.ts'
import { partners, redNoticeRevisions, redNotices } from '../src/db/schema.ts'
import { createLogger } from '../src/logger.ts'
import type { ScoringBatchHandler, ScoringJob, ScoringJobHandler } from '../src/queue/types.ts'
import { createScoringHandlers } from '../src/scoring/job-handler.ts'
import { loadIngest } from './lib/handoff.ts'
import { measureQueueDrain } from './lib/queue-drain.ts'

const { values } = parseArgs({
  options: {
    reports: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '64' },
    batch: { type: 'string', default: '16' }
  }
})
const N = Number(values.reports)
const CONCURRENCY = Number(values.concurrency)
const BATCH = Number(values.batch)
const PG_ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379'
for (const url of [PG_ADMIN_URL, REDIS_URL]) {
  if (!['127.0.0.1', 'localhost'].includes(new URL(url).hostname)) throw new Error(`the benchmark runs against 127.0.0.1 only, not ${new URL(url).hostname}`)
}
const log = createLogger('silent')

const COUNTRIES = ['RU', 'TR', 'CN', 'BY', 'TJ', 'FR', 'EG', 'IR', 'AZ', 'UZ']
const facts = (i: number) => ({
  mechanism: i % 5 === 0 ? 'diffusion' : 'red_notice',
  requestingCountry: COUNTRIES[i % COUNTRIES.length],
  subject: { nationalities: ['RU'], profiles: i % 2 === 0 ? ['journalist'] : [], asylum: { status: i % 3 === 0 ? 'recognized_refugee' : 'applied', country: 'FR' }, ethnicity: 'Chechen' },
  charges: [{ description: 'Participation in an illegal armed formation', category: i % 4 === 0 ? 'armed_group' : 'fraud' }],
  events: [{ type: 'notice_published', date: '2021-03-01' }, { type: 'arrest', date: '2022-05-01', country: 'FR' }],
  sources: [{ kind: 'court_document', date: '2021-01-01' }]
})

async function insertReports (database: DatabaseHandle, count: number): Promise<string[]> {
  const ids: string[] = []
  const partnerId = await withContext(database.db, SYSTEM_CONTEXT, async (tx) =>
    (await tx.insert(partners).values({ name: `bench-${randomUUID()}` }).returning({ id: partners.id }))[0]!.id)
  for (let start = 0; start < count; start += 1000) {
    const rows = Array.from({ length: Math.min(1000, count - start) }, (_, k) => ({ id: randomUUID(), facts: facts(start + k) }))
    await withContext(database.db, SYSTEM_CONTEXT, async (tx) => {
      await tx.insert(redNotices).values(rows.map((r) => ({
        id: r.id, partnerId, subjectId: randomUUID(), revision: 1, mechanism: r.facts.mechanism, requestingCountry: r.facts.requestingCountry as string, facts: r.facts
      })))
      await tx.insert(redNoticeRevisions).values(rows.map((r) => ({ reportId: r.id, revision: 1, partnerId, facts: r.facts })))
    })
    ids.push(...rows.map((r) => r.id))
  }
  return ids
}

const measure = async (name: string, jobs: ScoringJob[], handler: ScoringJobHandler, batch?: { handler: ScoringBatchHandler, maxSize: number }) =>
  await measureQueueDrain({ name, redisUrl: REDIS_URL, concurrency: CONCURRENCY, jobs, handler, batch, log })

async function withAdmin<T> (fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL })
  await client.connect()
  try { return await fn(client) } finally { await client.end() }
}

const dbName = `rnm_bench_${randomBytes(6).toString('hex')}`
const dbUrl = Object.assign(new URL(PG_ADMIN_URL), { pathname: `/${dbName}` }).toString()
const results: Array<{ name: string, seconds: number, rate: number, batch: string }> = []
await withAdmin((admin) => admin.query(`create database "${dbName}"`))
try {
  const database = await openDatabase({ kind: 'postgres', url: dbUrl, poolMax: Math.max(CONCURRENCY, 10), statementTimeoutMs: 30_000 }, log)
  try {
    await database.migrate()
    results.push(await measure('no-op worker', Array.from({ length: N }, () => ({ kind: 'red_notice' as const, reportId: randomUUID(), revision: 1 })), async () => {}))
    const handlers = createScoringHandlers({ db: database.db, log })
    // Two sets of reports: the second run must not find the first one's scores.
    for (const size of [1, BATCH]) {
      const ids = await insertReports(database, N)
      const jobs = ids.map((reportId) => ({ kind: 'red_notice' as const, reportId, revision: 1 }))
      results.push(await measure(size === 1 ? 'scoring, 1 job per transaction' : `scoring, micro-batches of ${size}`, jobs, handlers.handle, size === 1 ? undefined : { handler: handlers.scoreBatch, maxSize: size }))
    }
  } finally {
    await database.close()
  }
} finally {
  await withAdmin((admin) => admin.query(`drop database if exists "${dbName}" with (force)`))
}

console.log(`\nScoring throughput: ${N} jobs per run, one worker, concurrency ${CONCURRENCY}\n`)
console.log('| run | batch | seconds | jobs/s |')
console.log('| --- | ---: | ---: | ---: |')
for (const r of results) console.log(`| ${r.name} | ${r.batch} | ${r.seconds.toFixed(2)} | ${Math.round(r.rate)} |`)
const baseline = results[0]!.rate
const best = results[results.length - 1]!.rate
console.log(`\nbatching gain (micro-batches / 1 job per transaction): ${(best / results[1]!.rate).toFixed(2)}`)
console.log(`scoring/no-op ratio: ${(best / baseline).toFixed(2)}`)

// The question: does one worker keep up with the ingest rate? bench:ingest (run before this one by
// `npm run bench`) leaves its rates and the scoring jobs it enqueued per filing.
const ingest = await loadIngest(2 * 3600_000)
if (ingest === null) {
  console.log('scoring against ingest: no bench:ingest figures from the last two hours (run npm run bench:ingest first)')
} else {
  for (const [connections, rate] of Object.entries(ingest.reqPerSec)) {
    const needed = rate * ingest.jobsPerFiling
    console.log(`scoring against ingest @${connections}: ${Math.round(best)} jobs/s scored, ${Math.round(needed)} needed (${Math.round(rate)} filings/s × ${ingest.jobsPerFiling.toFixed(2)} jobs each): ${best >= needed ? 'keeps up' : 'does NOT keep up'}`)
  }
}
