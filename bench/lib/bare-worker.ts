/**
 * The bare baseline's worker: BullMQ's own Worker taking the bare server's jobs and marking each report
 * scored with one UPDATE. No scoring rules, no batching, no score history: what is left is the cost of the
 * queue hop and one write, which bench/end-to-end.ts compares the service's POST-to-score latency with.
 *
 * Environment: DATABASE_URL, BARE_QUEUE_REDIS_URL, BARE_QUEUE_PREFIX, BARE_WORKER_CONCURRENCY (16).
 */
import { Worker } from 'bullmq'
import { Redis } from 'ioredis'
import pg from 'pg'

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 })
await pool.query('alter table bare_reports add column if not exists scored_at timestamptz')
const worker = new Worker('bare-scoring', async (job) => {
  await pool.query('update bare_reports set scored_at = clock_timestamp() where id = $1', [job.data.id])
}, {
  connection: new Redis(process.env.BARE_QUEUE_REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null }),
  prefix: process.env.BARE_QUEUE_PREFIX ?? 'bare',
  concurrency: Number(process.env.BARE_WORKER_CONCURRENCY ?? 16)
})
await worker.waitUntilReady()
console.log('bare worker ready')

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    worker.close().then(() => pool.end()).then(() => process.exit(0), () => process.exit(1))
  })
}
