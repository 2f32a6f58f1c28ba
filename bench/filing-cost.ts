/**
 * What a filing costs PostgreSQL alone, without HTTP, the API process or Redis: the CPU time of the database
 * backend that runs file_red_notices (migration 0017), per report, at the batch sizes the filing desk sends,
 * beside the bare baseline's one INSERT per report (bench/lib/bare-server.ts) on the same database.
 *
 *   npm run bench:filing-cost
 *
 * The filings are built by the API's own newRedNoticeFiling (identity sealed under a data key of their own,
 * blind indexes, idempotency claim, audit event) from the same bodies as bench:ingest. Linux only: the backend's
 * CPU time is read from /proc. The database is removed at the end.
 */
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { generateCryptoSecretsEnv, loadCryptoSecrets, type CryptoSecrets } from '../src/crypto/index.ts'
import { openDatabase } from '../src/db/client.ts'
import { fileRedNotices, type Filing } from '../src/db/queries/red-notices.ts'
import { newRedNoticeFiling } from '../src/intake/red-notices.ts'
import { createLogger } from '../src/logger.ts'
import type { RedNoticeInput } from '../src/schemas/red-notices.ts'
import { redNoticeBody } from './lib/bodies.ts'
import { Cleanup } from './lib/cleanup.ts'
import { processCpuMs } from './lib/cpu.ts'
import { createBenchDatabase } from './lib/postgres.ts'
import { seedReporter } from './lib/seed.ts'

const BATCH_SIZES = [1, 8, 64]
const REPORTS_PER_SIZE = 1536
const WARM_UP = 128

function filingOf (secrets: CryptoSecrets, key: { id: string, partnerId: string }, n: number, input: RedNoticeInput): Filing {
  return newRedNoticeFiling({ secrets }, { apiKeyId: key.id, partnerId: key.partnerId, role: 'reporter', requestId: `bench-${n}` }, input, randomUUID()).filing
}

/** CPU of `pid` and wall time per item over `run`, in µs. */
async function measure (pid: number, items: number, run: () => Promise<void>): Promise<{ cpuUs: number, wallUs: number }> {
  const cpu = processCpuMs(pid)
  const started = performance.now()
  await run()
  return { cpuUs: (processCpuMs(pid) - cpu) * 1000 / items, wallUs: (performance.now() - started) * 1000 / items }
}

const cleanup = new Cleanup()
try {
  const database = await createBenchDatabase()
  cleanup.add(() => database.drop())
  const secretsEnv = generateCryptoSecretsEnv()
  const secrets = loadCryptoSecrets(secretsEnv)
  // One connection, as the service's role (row-level security applies), so one backend does all the work.
  const handle = await openDatabase({ kind: 'postgres', url: database.url, poolMax: 1, statementTimeoutMs: 60_000 }, createLogger('silent'))
  cleanup.add(() => handle.close())
  await seedReporter(handle.db, secretsEnv)
  const owner = new pg.Client({ connectionString: database.url })
  await owner.connect()
  cleanup.add(() => owner.end())
  const { rows: [key] } = await owner.query<{ id: string, partnerId: string }>('select id, partner_id as "partnerId" from api_keys limit 1')
  const { rows: [backend] } = await owner.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()')

  let n = 0
  const rows: Array<{ what: string, cpuUs: number, wallUs: number }> = []
  let sealing = { cpuUs: 0, wallUs: 0 }
  for (const size of BATCH_SIZES) {
    const inputs = Array.from({ length: WARM_UP + REPORTS_PER_SIZE }, () => redNoticeBody(n++))
    const own = process.cpuUsage()
    const started = performance.now()
    const filings = inputs.map((input, i) => filingOf(secrets, key!, n + i, input))
    // The API process's share of a filing, measured here in passing: the first batch size's run warms the JIT.
    const spent = process.cpuUsage(own)
    sealing = { cpuUs: (spent.user + spent.system) / filings.length, wallUs: (performance.now() - started) * 1000 / filings.length }
    const fileAll = async (from: number, to: number) => {
      for (let i = from; i < to; i += size) await fileRedNotices(handle.db, filings.slice(i, Math.min(i + size, to)))
    }
    await fileAll(0, WARM_UP)
    rows.push({ what: `file_red_notices, batches of ${size}`, ...await measure(backend!.pid, REPORTS_PER_SIZE, () => fileAll(WARM_UP, filings.length)) })
  }

  // The bare baseline's table and statement (bench/lib/bare-server.ts), on a connection of its own.
  const bare = new pg.Client({ connectionString: database.url })
  await bare.connect()
  cleanup.add(() => bare.end())
  await bare.query('create table bare_reports (id uuid primary key default gen_random_uuid(), body jsonb not null, created_at timestamptz not null default now())')
  const { rows: [bareBackend] } = await bare.query<{ pid: number }>('select pg_backend_pid() as pid')
  const bodies = Array.from({ length: WARM_UP + REPORTS_PER_SIZE }, () => JSON.stringify(redNoticeBody(n++)))
  const insertAll = async (from: number, to: number) => {
    for (let i = from; i < to; i++) await bare.query('insert into bare_reports (body) values ($1) returning id', [bodies[i]])
  }
  await insertAll(0, WARM_UP)
  const baseline = { what: 'bare INSERT, one per report', ...await measure(bareBackend!.pid, REPORTS_PER_SIZE, () => insertAll(WARM_UP, bodies.length)) }
  rows.push(baseline)

  console.log(`\nPostgreSQL's CPU per report, ${REPORTS_PER_SIZE} reports each (one backend; /proc)`)
  const width = Math.max(...rows.map((row) => row.what.length))
  console.log(`${'statement'.padEnd(width)}  CPU µs  wall µs  × bare CPU`)
  for (const row of rows) {
    console.log(`${row.what.padEnd(width)}  ${row.cpuUs.toFixed(0).padStart(6)}  ${row.wallUs.toFixed(0).padStart(7)}  ${(row.cpuUs / baseline.cpuUs).toFixed(2).padStart(10)}`)
  }
  console.log('\nthe API process\'s share (node, this process): splitting, sealing under a new data key, blind indexes and the')
  console.log(`idempotency hash take ${sealing.cpuUs.toFixed(0)} µs of CPU per report (${(sealing.cpuUs / baseline.cpuUs).toFixed(2)}× the bare INSERT's PostgreSQL CPU)`)
  console.log(`\nfiling/bare PostgreSQL CPU per report: ${rows.slice(0, -1).map((row, i) => `batches of ${BATCH_SIZES[i]} ${(row.cpuUs / baseline.cpuUs).toFixed(2)}×`).join(', ')}`)
} finally {
  await cleanup.run()
}
