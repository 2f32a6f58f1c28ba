/**
 * Analyst query benchmark: GET /v1/red-notices with each main filter and order, through the real service
 * (src/server.ts, production configuration, an analyst key, real sockets), beside the bare SQL of the same
 * query (the list's own WHERE/ORDER/LIMIT, run with node-postgres as rnm_app in the analyst context: row-level
 * security applies to both), in the same run, over N synthetic reports (`npm run seed`).
 *
 *   npm run bench:analyst [-- --reports 1000000 --requests 200 --strict --only band=high --profile /tmp/prof]
 *
 * The database is DATABASE_URL when set (it must be on 127.0.0.1), otherwise `rnm_analyst_<N>` on the local
 * server, created once and kept: a later run with the same N finds the reports there and does not reseed.
 * Targets (issue 5): p95 ≤ 50 ms through HTTP for every exposed filter, ≤ 10 ms for one an index serves.
 */
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { generateApiKey, generateCryptoSecretsEnv, hashSecret, loadCryptoSecrets } from '../src/crypto/index.ts'
import { openDatabase, type Database, type DatabaseHandle } from '../src/db/client.ts'
import { readStatistics, refreshStatisticsIfDue, type StatisticsGrouping } from '../src/db/queries/statistics.ts'
import { statisticsFilter } from '../src/statistics/statistics.ts'
import { SYSTEM_CONTEXT, withContext, type Transaction } from '../src/db/context.ts'
import { apiKeys, partners } from '../src/db/schema.ts'
import { keyset, redNoticeFilter } from '../src/intake/red-notice-list.ts'
import type { Actor } from '../src/intake/types.ts'
import { listRedNotices, type RedNoticeOrder } from '../src/db/queries/red-notices.ts'
import { encodeCursor } from '../src/routes/pagination.ts'
import type { RedNoticeListQuery } from '../src/routes/v1/red-notice-query.ts'
import { createLogger } from '../src/logger.ts'
import { ensureDatabase, ensureReports, forgetRunReads } from './lib/analyst-database.ts'
import { Cleanup } from './lib/cleanup.ts'
import { KeepAliveClient } from './lib/http-client.ts'
import { measure, type Percentiles } from './lib/latency.ts'
import { profileFlags } from './lib/options.ts'
import { startService } from './lib/processes.ts'
import { printColumns } from './lib/report.ts'
import { benchPrefix, productionEnv } from './lib/service-env.ts'

const { values } = parseArgs({
  options: {
    reports: { type: 'string', default: '100000' },
    requests: { type: 'string', default: '200' },
    strict: { type: 'boolean', default: false },
    // Only the queries whose name contains this text (e.g. --only band=high).
    only: { type: 'string' },
    // The service process writes a V8 CPU profile to this folder (open it in Chrome DevTools).
    profile: { type: 'string' }
  },
  // `npm run bench` passes the other benchmarks' options to every file: ignore what is not ours.
  strict: false
})
const REPORTS = Math.max(1, Math.min(10_000_000, Math.round(Number(values.reports)) || 100_000))
const REQUESTS = Math.max(10, Math.min(10_000, Math.round(Number(values.requests)) || 200))
const WARMUP = 10
/** Rounds of every measured query before the first measurement (the warm-up of the service as a whole). */
const SERVICE_WARMUP_ROUNDS = 10
const log = createLogger('silent')

/**
 * One analyst query: its URL under the service, and the same query without the API around it. To add one
 * (e.g. the statistics endpoints), append an entry to QUERIES: `sql` runs inside a transaction as rnm_app
 * in the analyst context; leave it out and the table shows the HTTP side alone.
 */
export interface AnalystQuery {
  name: string
  path: string
  sql?: (tx: Transaction) => Promise<unknown>
  /** p95 target through HTTP, in ms: 10 when an index serves the filter, 50 for any other exposed filter. */
  targetP95Ms: number
}

/** The bare side of a list query: the list's own conditions, keyset and order, the one data statement. */
function listSql (query: RedNoticeListQuery): (tx: Transaction) => Promise<unknown> {
  const actor: Actor = { role: 'analyst', partnerId: '00000000-0000-0000-0000-000000000000', apiKeyId: '00000000-0000-0000-0000-000000000000', requestId: 'bench' }
  const order = (query.sort ?? '-createdAt') as RedNoticeOrder
  return async (tx) => await listRedNotices(tx, { ...redNoticeFilter(actor, query), order, limit: (query.limit ?? 50) + 1, after: keyset(order, query.cursor).after })
}

function listQuery (name: string, query: RedNoticeListQuery, targetP95Ms: number): AnalystQuery {
  const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)] as [string, string])).toString()
  return { name, path: `/v1/red-notices${search === '' ? '' : `?${search}`}`, sql: listSql(query), targetP95Ms }
}

const STATS_K = 5
const STATS_PATHS: Record<Exclude<StatisticsGrouping, 'split'>, string> = { state: 'countries', indicator: 'indicators', period: 'timeline' }

/** A statistics endpoint beside the one statement that reads the release (the service's default k). */
function statsQuery (name: string, groupBy: Exclude<StatisticsGrouping, 'split'>, filter: Record<string, string>): AnalystQuery {
  const search = new URLSearchParams({ ...(groupBy === 'period' ? { interval: 'month' } : {}), ...filter }).toString()
  const statsFilter = statisticsFilter(filter)
  const view = groupBy === 'indicator' || statsFilter.indicator !== undefined ? 'indicator' : 'report'
  return {
    name,
    path: `/v1/stats/${STATS_PATHS[groupBy]}${search === '' ? '' : `?${search}`}`,
    sql: async (tx) => await readStatistics(tx as unknown as Database, { view, groupBy, interval: 'month', filter: statsFilter, minGroupSize: STATS_K }),
    targetP95Ms: 50
  }
}

/** A cursor deep into the default order: the position of the report half-way through it. */
async function deepCursor (ownerUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: ownerUrl })
  await client.connect()
  try {
    await client.query('begin')
    await client.query("select set_config('app.role', 'system', true)")
    const { rows } = await client.query<{ created_at: Date, id: string }>('select created_at, id from red_notices order by created_at desc, id desc offset (select count(*) / 2 from red_notices) limit 1')
    await client.query('commit')
    return encodeCursor({ createdAt: rows[0]!.created_at.toISOString(), id: rows[0]!.id })
  } finally {
    await client.end()
  }
}

function queries (cursor: string): AnalystQuery[] {
  return [
    listQuery('no filter, first page', {}, 10),
    listQuery('requestingCountry=TJ', { requestingCountry: 'TJ' }, 10),
    listQuery('band=high', { band: 'high' }, 10),
    listQuery('minScore=90', { minScore: 90 }, 10),
    listQuery('indicator=military-offence', { indicator: 'military-offence' }, 10),
    listQuery('profile=journalist', { profile: 'journalist' }, 10),
    listQuery('chargeCategory=speech', { chargeCategory: 'speech' }, 10),
    listQuery('mechanism=deportation', { mechanism: 'deportation' }, 50),
    listQuery('status=withdrawn', { status: 'withdrawn' }, 50),
    listQuery('createdFrom/To (one month)', { createdFrom: '2024-03-01T00:00:00.000Z', createdTo: '2024-04-01T00:00:00.000Z' }, 10),
    listQuery('country+band+indicator', { requestingCountry: 'RU', band: 'critical', indicator: 'relatives-targeted' }, 50),
    listQuery('sort=-score', { sort: '-score' }, 10),
    listQuery('sort=-score, band=low', { sort: '-score', band: 'low' }, 10),
    listQuery('sort=-score, indicator=military-offence', { sort: '-score', indicator: 'military-offence' }, 50),
    listQuery('sort=createdAt', { sort: 'createdAt' }, 10),
    listQuery('deep cursor page (half-way)', { cursor }, 10),
    statsQuery('stats/countries', 'state', {}),
    statsQuery('stats/indicators', 'indicator', {}),
    statsQuery('stats/timeline', 'period', {}),
    statsQuery('stats/countries, indicator', 'state', { indicator: 'military-offence' }),
    statsQuery('stats/timeline, country+band', 'period', { requestingCountry: 'RU', band: 'critical' })
  ]
}

/** The shared analyst database with its reports (bench/lib/analyst-database.ts), and the statistics release. */
async function ensureReportsAndRelease (url: string): Promise<void> {
  await ensureReports(url, REPORTS)
  const app = await openDatabase({ kind: 'postgres', url, poolMax: 1, statementTimeoutMs: 600_000, connectTimeoutMs: 15_000 }, log)
  try {
    // The statistics endpoints read the k-anonymous release: build it once (kept with the reports).
    console.log(await refreshStatisticsIfDue(app.db, { minGroupSize: STATS_K, maxAgeMs: Number.MAX_SAFE_INTEGER }) ? 'built the statistics release' : 'statistics release present')
  } finally {
    await app.close()
  }
}

/** An analyst partner and key of this run, written as the admin command line does. */
async function analystKey (app: DatabaseHandle, secretsEnv: Record<string, string>): Promise<string> {
  const key = generateApiKey()
  const pepper = loadCryptoSecrets(secretsEnv).apiKeyPepper
  await withContext(app.db, SYSTEM_CONTEXT, async (tx) => {
    const [partner] = await tx.insert(partners).values({ name: `Benchmark analysts ${randomBytes(4).toString('hex')}` }).returning()
    await tx.insert(apiKeys).values({ partnerId: partner!.id, keyId: key.keyId, secretHash: hashSecret(pepper, key.secret), role: 'analyst' })
  })
  return key.token
}

const fixed = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : '—')

function printTable (rows: Array<{ query: AnalystQuery, http: Percentiles, bare: Percentiles | null }>): boolean {
  const header = ['query', 'http p50', 'http p95', 'http p99', 'sql p50', 'sql p95', 'sql p99', 'p95 ratio', 'target p95', 'met']
  let allMet = true
  const cells = rows.map(({ query, http, bare }) => {
    const met = http.p95 <= query.targetP95Ms
    allMet &&= met
    return [query.name, fixed(http.p50), fixed(http.p95), fixed(http.p99), fixed(bare?.p50 ?? Number.NaN), fixed(bare?.p95 ?? Number.NaN), fixed(bare?.p99 ?? Number.NaN),
      bare === null ? '—' : (http.p95 / bare.p95).toFixed(2), `≤ ${query.targetP95Ms}`, met ? 'met' : 'NOT met']
  })
  console.log(`\nAnalyst queries over ${REPORTS.toLocaleString('en-US')} reports: ${REQUESTS} sequential requests each (ms; ratio = HTTP p95 ÷ bare SQL p95)`)
  console.log('http: GET through the service with an analyst key (authentication, rate limit, the page statement with each item\'s score, failure,')
  console.log('other reports and audit event, JSON). sql: the list\'s data statement alone, node-postgres as rnm_app in the analyst context (row-level security on).')
  printColumns(header, cells)
  return allMet
}

const cleanup = new Cleanup()
try {
  const database = await ensureDatabase(REPORTS)
  console.log(`database: ${new URL(database.url).pathname.slice(1)}${database.created ? ' (created)' : ''}`)
  await ensureReportsAndRelease(database.url)
  const cursor = await deepCursor(database.url)
  const secretsEnv = generateCryptoSecretsEnv()
  const app = await openDatabase({ kind: 'postgres', url: database.url, poolMax: 1, statementTimeoutMs: 60_000 }, log)
  cleanup.add(() => app.close())
  const token = await analystKey(app, secretsEnv)
  cleanup.add(() => forgetRunReads(database.url, [token]))
  const prefix = benchPrefix(cleanup)

  // The real entry point, configured as in production (bench/lib/service-env.ts).
  const service = await startService({
    name: 'service',
    script: 'src/server.ts',
    readyPath: '/health/ready',
    nodeFlags: profileFlags(typeof values.profile === 'string' ? values.profile : null),
    env: productionEnv({ secretsEnv, databaseUrl: database.url, prefix })
  })
  cleanup.add(() => service.stop())

  // The first requests open the pool's connections and read cold pages: on a loaded machine they can meet the
  // API's 2 s connection timeout (503). Wait for a 200 before measuring anything.
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${service.url}/v1/red-notices?limit=1`, { headers: { authorization: `Bearer ${token}` } })
    await res.arrayBuffer()
    if (res.status === 200) break
    if (attempt >= 30) throw new Error(`the service answers ${res.status} to an analyst`)
    await new Promise((resolve) => setTimeout(resolve, 1000))
  }
  const only = typeof values.only === 'string' ? values.only : ''
  const measured = queries(cursor).filter((q) => q.name.includes(only))
  // A service in use is warm: V8 has compiled the request path and the pool's connections have planned its
  // statements. Without this the first query measured also paid for the service's warm-up.
  const client = new KeepAliveClient()
  cleanup.add(async () => { client.close() })
  const headers = { authorization: `Bearer ${token}` }
  for (let round = 0; round < SERVICE_WARMUP_ROUNDS; round++) {
    for (const query of measured) await client.getJson(`${service.url}${query.path}`, headers)
  }
  const rows: Array<{ query: AnalystQuery, http: Percentiles, bare: Percentiles | null }> = []
  for (const query of measured) {
    // Timed to the answer's last byte; the last body is parsed after the timer stops (KeepAliveClient.get).
    let body: Buffer | undefined
    const http = await measure(REQUESTS, WARMUP, async () => {
      const res = await client.get(`${service.url}${query.path}`, headers)
      if (res.status !== 200) throw new Error(`${query.name}: HTTP ${res.status} ${res.body.toString('utf8')}`)
      body = res.body
    })
    const items = (JSON.parse(body!.toString('utf8')) as { items?: unknown[] }).items?.length ?? -1
    const bare = query.sql === undefined
      ? null
      : await measure(REQUESTS, WARMUP, async () => {
        await withContext(app.db, { role: 'analyst', partnerId: null }, query.sql!)
      })
    rows.push({ query, http, bare })
    console.log(`  ${query.name}: http p95 ${fixed(http.p95)} ms, sql p95 ${fixed(bare?.p95 ?? Number.NaN)} ms (${items} items)`)
  }
  const met = printTable(rows)
  console.log(`\ntargets (p95 through HTTP ≤ 10 ms where an index serves the filter, ≤ 50 ms otherwise): ${met ? 'met' : 'NOT met'}`)
  if (!met && values.strict === true) process.exitCode = 1
} finally {
  await cleanup.run()
}
