/**
 * The bare baseline: the least a service can do with a report. Same Fastify, same body schema with the
 * same validator settings as the service, then one INSERT of the JSON into a one-table schema. No auth,
 * no encryption, no blind indexes, no revision, no audit, no idempotency, no queue: the difference
 * between this and the service is what those cost.
 *
 * Run as a child process by the benchmarks: BARE_STORAGE=postgres (DATABASE_URL, DATABASE_POOL_MAX)
 * or BARE_STORAGE=pglite (BARE_PGLITE_DIR), on HOST/PORT. With BARE_QUEUE_REDIS_URL (and BARE_QUEUE_PREFIX)
 * each stored report is also handed to BullMQ after the INSERT, as the service does, for bench/lib/bare-worker.ts.
 */
import { PGlite } from '@electric-sql/pglite'
import { Queue } from 'bullmq'
import Fastify from 'fastify'
import { Redis } from 'ioredis'
import pg from 'pg'
import { installValidators } from '../../src/plugins/validation.ts'
import { RedNoticeInputSchema } from '../../src/schemas/red-notices.ts'

const TABLE = 'create table if not exists bare_reports (id uuid primary key default gen_random_uuid(), body jsonb not null, created_at timestamptz not null default now())'
const INSERT = 'insert into bare_reports (body) values ($1) returning id'
const BARE_QUEUE = 'bare-scoring'

interface Store { query (sql: string, params?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>, close (): Promise<void> }

async function openStore (): Promise<Store> {
  if (process.env.BARE_STORAGE === 'pglite') {
    const client = await PGlite.create(process.env.BARE_PGLITE_DIR ?? 'memory://')
    return { query: (sql, params) => client.query(sql, params), close: () => client.close() }
  }
  // The service's pool size, so both sides queue for connections alike at 100 connections.
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_MAX ?? 10) })
  return { query: (sql, params) => pool.query(sql, params), close: () => pool.end() }
}

const store = await openStore()
const queue = process.env.BARE_QUEUE_REDIS_URL === undefined
  ? null
  : new Queue(BARE_QUEUE, { connection: new Redis(process.env.BARE_QUEUE_REDIS_URL, { maxRetriesPerRequest: 1 }), prefix: process.env.BARE_QUEUE_PREFIX ?? 'bare' })
await store.query(TABLE)
const app = Fastify({ logger: false, bodyLimit: 262_144 })
installValidators(app)

app.post('/bare/red-notices', { schema: { body: RedNoticeInputSchema } }, async (request, reply) => {
  const { rows } = await store.query(INSERT, [JSON.stringify(request.body)])
  const id = rows[0]?.id as string
  // Not awaited, like the service's enqueue after commit: the answer does not wait for Redis.
  queue?.add('score', { id }, { removeOnComplete: true }).catch(() => {})
  return await reply.code(201).send({ id })
})
app.get('/health/ready', async () => {
  await store.query('select 1')
  return { status: 'ready' }
})

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    app.close().then(async () => { await queue?.close(); await store.close() }).then(() => process.exit(0), () => process.exit(1))
  })
}
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) })
