/**
 * Every combination of the list's filters, not only the benchmarked ones (issue 18): combinations of
 * GET /v1/red-notices filters drawn at random (fixed seed), weighted towards rare intersections (several
 * facets, a score range, a date window, a status…), in every order, some on a second page. Each runs through
 * the real service (src/server.ts, production configuration, real sockets; timed to the answer's last byte, parsed after)
 * beside its bare SQL (the list's
 * data statement alone, node-postgres as rnm_app in the same context: row-level security on) in the same run.
 * First as an analyst over the whole large database, then as a reporter of a small partner inside it, whose
 * reports carry identities sealed under the run's keys (each of its items opens one, as a real reporter's do).
 *
 *   npm run bench:analyst-combinations [-- --reports 1000000 --combinations 240 --reporter-combinations 80
 *     --requests 20 --single-requests 100 --seed 18 --partner-reports 500 --strict]
 *
 * The database is DATABASE_URL when set, otherwise `rnm_analyst_<N>` (shared with bench:analyst, kept).
 * Prints the p95 of every combination and the ten slowest with their plans (auto_explain, nested statements
 * included, so the plans inside red_notice_search_page show). Targets: p95 ≤ 50 ms through HTTP for every
 * combination, ≤ 10 ms for a single filter. A single filter (and the unfiltered list) is timed over 100 requests, the
 * others over 20: the p95 of 20 requests is their 19th, which two slow requests of twenty decide, and a single filter's
 * 10 ms target is near its typical time. For the single filters the run also prints what lies behind the slow requests:
 * their positions, the garbage collections of the service (its /metrics) and of this process during them, the
 * p95 of their first 20 requests beside that of all, and the CPU a request takes in the service, PostgreSQL and here.
 * Before, between and after the roles it prints the machine's speed (lib/machine-reference.ts): runs on two machines
 * compare only beside it.
 */
import { PerformanceObserver } from 'node:perf_hooks'
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { drizzle } from 'drizzle-orm/node-postgres'
import pg from 'pg'
import { generateCryptoSecretsEnv } from '../src/crypto/index.ts'
import { openDatabase, type DatabaseHandle } from '../src/db/client.ts'
import { withContext, type DbContext, type Transaction } from '../src/db/context.ts'
import { listRedNotices, type RedNoticeOrder } from '../src/db/queries/red-notices.ts'
import { RED_NOTICE_INDICATORS } from '../src/domain/index.ts'
import { CHARGE_CATEGORIES, MECHANISMS, NOTICE_STATUSES, PROFILES, BANDS } from '../src/domain/vocabulary.ts'
import { keyset, redNoticeFilter } from '../src/intake/red-notice-list.ts'
import type { Actor } from '../src/intake/types.ts'
import { createLogger } from '../src/logger.ts'
import type { RedNoticeListQuery } from '../src/routes/v1/red-notice-query.ts'
import { prng, SYNTHETIC_EPOCH_END } from '../src/seed/synthetic.ts'
import { benchKey, ensureDatabase, ensureReports, ensureSmallPartner, forgetRunReads, sealPartnerIdentities } from './lib/analyst-database.ts'
import { Cleanup } from './lib/cleanup.ts'
import { measureCpu, type CpuPerRequest } from './lib/cpu.ts'
import { KeepAliveClient } from './lib/http-client.ts'
import { formatReference, formatReferenceRange, machineReference, type MachineReference } from './lib/machine-reference.ts'
import { measure, percentiles, type Percentiles } from './lib/latency.ts'
import { profileFlags } from './lib/options.ts'
import { startService } from './lib/processes.ts'
import { printColumns } from './lib/report.ts'
import { benchPrefix, productionEnv } from './lib/service-env.ts'

const { values } = parseArgs({
  options: {
    reports: { type: 'string', default: '100000' },
    combinations: { type: 'string', default: '240' },
    'reporter-combinations': { type: 'string', default: '80' },
    requests: { type: 'string', default: '20' },
    'single-requests': { type: 'string', default: '100' },
    seed: { type: 'string', default: '18' },
    'partner-reports': { type: 'string', default: '500' },
    strict: { type: 'boolean', default: false },
    profile: { type: 'string' }
  },
  // `npm run bench` passes the other benchmarks' options to every file: ignore what is not ours.
  strict: false
})
const int = (value: unknown, fallback: number, min: number, max: number): number => {
  const n = Math.round(Number(value))
  return Number.isFinite(n) ? Math.max(min, Math.min(max, n)) : fallback
}
const REPORTS = int(values.reports, 100_000, 1, 10_000_000)
const COMBINATIONS = int(values.combinations, 240, 1, 10_000)
const REPORTER_COMBINATIONS = int(values['reporter-combinations'], 80, 0, 10_000)
const REQUESTS = int(values.requests, 20, 5, 10_000)
const SINGLE_REQUESTS = int(values['single-requests'], 100, 5, 10_000)
const SEED = int(values.seed, 18, 0, 2 ** 31)
const PARTNER_REPORTS = int(values['partner-reports'], 500, 1, 100_000)
const WARMUP = 2
/** Untimed requests for each order's unfiltered page before a role's combinations (run). */
const ROLE_WARMUP = 30
const SMALL_PARTNER = 'Benchmark small partner'
const log = createLogger('silent')

interface Combination { query: RedNoticeListQuery, single: boolean, path: string }

// The values drawn from. Countries as the seed weighs them (src/seed/synthetic.ts) plus one it never uses.
const COUNTRIES = ['RU', 'TR', 'CN', 'TJ', 'BY', 'UZ', 'KZ', 'AZ', 'EG', 'IR', 'TM', 'KG', 'AE', 'SA', 'BH', 'VE', 'NI', 'IN', 'RW', 'US', 'DE', 'FR', 'GB', 'UA', 'GE', 'BR']
const INDICATOR_IDS = RED_NOTICE_INDICATORS.map((indicator) => indicator.id)
const ORDERS: RedNoticeOrder[] = ['-createdAt', 'createdAt', '-score']
const DIMENSIONS = ['profile', 'chargeCategory', 'indicator', 'requestingCountry', 'mechanism', 'status', 'band', 'score', 'date'] as const
type Dimension = typeof DIMENSIONS[number]
const DAY = 86_400_000
const SPAN_START = SYNTHETIC_EPOCH_END - 5 * 365 * DAY

function pathOf (query: RedNoticeListQuery): string {
  const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)] as [string, string])).toString()
  return `/v1/red-notices${search === '' ? '' : `?${search}`}`
}

/** The combinations of a run: fixed ones, every filter alone in every order, then random ones. */
function combinations (count: number, seed: number): Combination[] {
  const rng = prng(seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!
  const set = (query: RedNoticeListQuery, dimension: Dimension): void => {
    switch (dimension) {
      case 'profile': query.profile = pick(PROFILES); break
      case 'chargeCategory': query.chargeCategory = pick(CHARGE_CATEGORIES); break
      case 'indicator': query.indicator = pick(INDICATOR_IDS); break
      case 'requestingCountry': query.requestingCountry = pick(COUNTRIES); break
      case 'mechanism': query.mechanism = pick(MECHANISMS); break
      case 'status': query.status = pick(NOTICE_STATUSES); break
      case 'band': query.band = pick(BANDS); break
      case 'score': {
        const min = Math.floor(rng() * 95)
        const shape = rng()
        if (shape < 0.3) query.minScore = min
        else if (shape < 0.45) query.maxScore = min
        else { query.minScore = min; query.maxScore = Math.min(100, min + 1 + Math.floor(rng() * 30)) }
        break
      }
      case 'date': {
        const from = SPAN_START + Math.floor(rng() * 5 * 365) * DAY
        const shape = rng()
        if (shape < 0.35) query.createdFrom = new Date(from).toISOString()
        else if (shape < 0.5) query.createdTo = new Date(from).toISOString()
        else {
          query.createdFrom = new Date(from).toISOString()
          query.createdTo = new Date(from + (1 + Math.floor(rng() * 400)) * DAY).toISOString()
        }
        break
      }
    }
  }
  const out: Combination[] = []
  const seen = new Set<string>()
  const add = (query: RedNoticeListQuery, single: boolean): void => {
    const path = pathOf(query)
    if (!seen.has(path)) { seen.add(path); out.push({ query, single, path }) }
  }
  // The issue's example, and no filter at all.
  add({ minScore: 40, maxScore: 60, profile: 'journalist', chargeCategory: 'extremism', createdFrom: '2020-01-01T00:00:00Z', sort: '-createdAt', limit: 50 }, false)
  for (const sort of ORDERS) add({ sort }, true)
  // Each filter alone, in each order: "index-served single filters".
  for (const dimension of DIMENSIONS) {
    for (const sort of ORDERS) {
      const query: RedNoticeListQuery = { sort }
      set(query, dimension)
      add(query, true)
    }
  }
  // Then intersections: two to six filters, weighted towards four or more (rare ones).
  const sizes = [2, 2, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 6, 6]
  for (let attempt = 0; out.length < count && attempt < count * 20; attempt++) {
    const dimensions = [...DIMENSIONS].sort(() => rng() - 0.5).slice(0, pick(sizes))
    const query: RedNoticeListQuery = { sort: pick(ORDERS) }
    for (const dimension of dimensions) set(query, dimension)
    if (rng() < 0.3) query.limit = pick([10, 25, 100])
    add(query, false)
  }
  return out.slice(0, count)
}

/** The bare side: the list's data statement alone, as the service builds it, in the caller's context. */
async function bareList (tx: Transaction, actor: Actor, query: RedNoticeListQuery): Promise<unknown[]> {
  const order = (query.sort ?? '-createdAt') as RedNoticeOrder
  return await listRedNotices(tx, { ...redNoticeFilter(actor, query), order, limit: (query.limit ?? 50) + 1, after: keyset(order, query.cursor).after })
}

/** The plans of the list's statement and of every statement inside it (auto_explain, as the owner loads it). */
async function plansOf (url: string, actor: Actor, context: DbContext, query: RedNoticeListQuery): Promise<string[]> {
  const client = new pg.Client({ connectionString: url })
  const plans: string[] = []
  client.on('notice', (notice) => { if (notice.message !== undefined && notice.message.includes('plan:')) plans.push(notice.message) })
  await client.connect()
  try {
    await client.query('begin')
    await client.query("load 'auto_explain'")
    for (const setting of ['log_min_duration = 0', 'log_analyze = on', 'log_buffers = on', 'log_nested_statements = on', 'log_timing = on']) {
      await client.query(`set local auto_explain.${setting}`)
    }
    await client.query('set local client_min_messages = log')
    await client.query('set local role rnm_app')
    await client.query("select set_config('app.role', $1, true), set_config('app.partner_id', $2, true)", [context.role, context.partnerId ?? ''])
    await bareList(drizzle(client) as unknown as Transaction, actor, query)
  } finally {
    await client.query('rollback').catch(() => {})
    await client.end()
  }
  return plans
}

interface Row { combination: Combination, http: Percentiles, bare: Percentiles, items: number, slow?: SlowRequests }

/** What lies behind a single filter's requests over its 10 ms target (the diagnosis printed for the single filters). */
interface SlowRequests {
  /** The measured requests' durations, in order. */
  samples: number[]
  /** The positions (0-based, after the warm-up) of the requests over 10 ms. */
  positions: number[]
  /** How many of those overlapped a GC of this process. */
  duringOwnGc: number
  /** The service's garbage collections while the combination's HTTP requests ran: count and ms, by kind. */
  serviceGc: Record<string, { count: number, ms: number }>
  /** CPU per request meanwhile, by process (Linux only): what the time of a request is made of. */
  cpu: CpuPerRequest | null
}

// This process's garbage collections (the load generator's: a pause here delays the response's reading).
const ownGc: Array<{ start: number, end: number }> = []
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) ownGc.push({ start: entry.startTime, end: entry.startTime + entry.duration })
}).observe({ entryTypes: ['gc'] })

/** The service's GC totals by kind (prom-client's nodejs_gc_duration_seconds), from its /metrics. */
async function serviceGc (serviceUrl: string, token: string): Promise<Record<string, { count: number, ms: number }>> {
  const text = await (await fetch(`${serviceUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text()
  const out: Record<string, { count: number, ms: number }> = {}
  for (const [, what, kind, value] of text.matchAll(/^nodejs_gc_duration_seconds_(sum|count)\{kind="([a-z]+)"\} ([0-9.e+-]+)$/gm)) {
    const entry = out[kind!] ??= { count: 0, ms: 0 }
    if (what === 'sum') entry.ms = Number(value) * 1000
    else entry.count = Number(value)
  }
  return out
}

const fixed = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : '—')
const targetOf = (combination: Combination): number => (combination.single ? 10 : 50)

async function run (label: string, options: {
  serviceUrl: string
  token: string
  metricsToken: string
  app: DatabaseHandle
  url: string
  actor: Actor
  context: DbContext
  combinations: Combination[]
  servicePid: number | undefined
}): Promise<boolean> {
  const client = new KeepAliveClient()
  const headers = { authorization: `Bearer ${options.token}` }
  // Timed to the answer's last byte; its body is parsed after the timer stops (KeepAliveClient.get).
  const fetchPage = async (path: string): Promise<Buffer> => {
    const res = await client.get(`${options.serviceUrl}${path}`, headers)
    if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status} ${res.body.toString('utf8')}`)
    return res.body
  }
  const pageOf = (body: Buffer) => JSON.parse(body.toString('utf8')) as { items: unknown[], nextCursor: string | null }
  const get = async (path: string) => pageOf(await fetchPage(path))
  // About one combination in eight is measured on its second page (a cursor from its first).
  const rng = prng(SEED + 1)
  for (const combination of options.combinations) {
    if (combination.query.cursor === undefined && !combination.single && rng() < 0.125) {
      const first = await get(combination.path)
      if (first.nextCursor !== null) {
        combination.query = { ...combination.query, cursor: first.nextCursor }
        combination.path = pathOf(combination.query)
      }
    }
  }
  // A role's first pages compile the service's code for them (a reporter's opens identities and joins them into the
  // views, which no analyst page does) and plan its statements in its context. Left to the first combinations,
  // that start-up cost lands in one single filter's percentiles: the reporter's first 50-item page had its first
  // 15 requests at 10.4–26 ms and the rest at p50 8 ms. Each combination still has its own WARMUP requests.
  for (const sort of ORDERS) for (let i = 0; i < ROLE_WARMUP; i++) await fetchPage(pathOf({ sort }))
  const rows: Row[] = []
  // Quick readings of the machine's speed as the run goes (one timing each, between combinations).
  const readings: MachineReference[] = []
  const started = performance.now()
  for (const [i, combination] of options.combinations.entries()) {
    let items = 0
    const requests = combination.single ? SINGLE_REQUESTS : REQUESTS
    const timed: Array<{ start: number, ms: number }> = []
    const gcBefore = combination.single ? await serviceGc(options.serviceUrl, options.metricsToken) : {}
    let body: Buffer | undefined
    const cpuOf = combination.single ? measureCpu(options.servicePid) : null
    const http = await measure(requests, WARMUP, async () => { body = await fetchPage(combination.path) }, (start, ms) => timed.push({ start, ms }))
    items = pageOf(body!).items.length
    const cpu = cpuOf === null ? null : cpuOf(requests + WARMUP)
    const gcAfter = combination.single ? await serviceGc(options.serviceUrl, options.metricsToken) : {}
    const bare = await measure(requests, WARMUP, async () => { await withContext(options.app.db, options.context, (tx) => bareList(tx, options.actor, combination.query)) })
    let slow: SlowRequests | undefined
    if (combination.single) {
      const over = timed.map((t, position) => ({ ...t, position })).filter((t) => t.ms > 10)
      slow = {
        samples: timed.map((t) => t.ms),
        positions: over.map((t) => t.position),
        duringOwnGc: over.filter((t) => ownGc.some((gc) => gc.start < t.start + t.ms && gc.end > t.start)).length,
        serviceGc: Object.fromEntries(Object.entries(gcAfter).map(([kind, after]) => [kind,
          { count: after.count - (gcBefore[kind]?.count ?? 0), ms: after.ms - (gcBefore[kind]?.ms ?? 0) }])),
        cpu
      }
    }
    rows.push({ combination, http, bare, items, slow })
    if ((i + 1) % 20 === 0) {
      const reading = await machineReference(options.url, 1)
      readings.push(reading)
      console.log(`  ${label}: ${i + 1}/${options.combinations.length} combinations (${Math.round((performance.now() - started) / 1000)} s; machine reference ${formatReference(reading)})`)
    }
  }
  client.close()

  console.log(`\n${label}: ${rows.length} combinations over ${REPORTS.toLocaleString('en-US')} reports, ${SINGLE_REQUESTS} sequential requests for a single filter, ${REQUESTS} for the others (ms;`)
  console.log('http: GET through the service; sql: the list\'s data statement alone as rnm_app in the same context; ratio = http p95 ÷ sql p95)')
  printColumns(['#', 'http p50', 'http p95', 'sql p95', 'ratio', 'items', 'target', 'met', 'query'], rows.map((row, i) => [
    String(i + 1), fixed(row.http.p50), fixed(row.http.p95), fixed(row.bare.p95), (row.http.p95 / row.bare.p95).toFixed(2), String(row.items),
    `≤ ${targetOf(row.combination)}`, row.http.p95 <= targetOf(row.combination) ? 'met' : 'NOT met', row.combination.path.replace('/v1/red-notices', '')
  ]))
  const missed = rows.filter((row) => row.http.p95 > targetOf(row.combination))
  const singles = rows.filter((row) => row.combination.single)
  const p95s = rows.map((row) => row.http.p95).sort((a, b) => a - b)
  console.log(`\n${label}: ${rows.length - missed.length}/${rows.length} combinations meet their target; single filters: worst http p95 ${fixed(Math.max(...singles.map((r) => r.http.p95)))} ms (target 10);`)
  console.log(`  all: median of the p95s ${fixed(p95s[Math.floor(p95s.length / 2)]!)} ms, worst ${fixed(p95s.at(-1)!)} ms (target 50)`)
  if (readings.length > 0) console.log(`  machine reference during the role (lower is faster): ${formatReferenceRange(readings)}`)
  printSlowRequests(label, singles)

  const worst = [...rows].sort((a, b) => b.http.p95 - a.http.p95).slice(0, 10)
  console.log(`\n${label}: the ten slowest combinations (http p95) and their plans`)
  for (const [i, row] of worst.entries()) {
    console.log(`\n--- ${i + 1}. http p95 ${fixed(row.http.p95)} ms, sql p95 ${fixed(row.bare.p95)} ms, ${row.items} items: ${row.combination.path}`)
    for (const plan of await plansOf(options.url, options.actor, options.context, row.combination.query)) console.log(plan)
  }
  return missed.length === 0
}

/** The single filters' requests over 10 ms: where they fall, what collected garbage meanwhile, what 20 requests would say. */
function printSlowRequests (label: string, singles: Row[]): void {
  const slow = singles.flatMap((row) => row.slow === undefined ? [] : [row.slow])
  if (slow.length === 0) return
  const requests = slow.reduce((n, s) => n + s.samples.length, 0)
  const positions = slow.flatMap((s) => s.positions.map((p) => p / s.samples.length))
  const own = slow.reduce((n, s) => n + s.duringOwnGc, 0)
  const gc: Record<string, { count: number, ms: number }> = {}
  for (const s of slow) {
    for (const [kind, v] of Object.entries(s.serviceGc)) {
      const entry = gc[kind] ??= { count: 0, ms: 0 }
      entry.count += v.count
      entry.ms += v.ms
    }
  }
  const met = (samples: number[]): boolean => percentiles(samples).p95 <= 10
  const first = Math.min(20, ...slow.map((s) => s.samples.length))
  console.log(`\n${label}: single filters (${singles.length}), ${requests} requests: ${positions.length} over 10 ms (${(100 * positions.length / requests).toFixed(1)} %),` +
    ` ${positions.filter((p) => p < 0.1).length} of them in the first tenth of their filter's requests, ${own} during a GC of the load generator;`)
  console.log(`  the service's GC meanwhile: ${Object.entries(gc).filter(([, v]) => v.count > 0).map(([kind, v]) => `${kind} ${v.count} (${fixed(v.ms)} ms)`).join(', ') || 'none'};`)
  console.log(`  single filters at p95 ≤ 10 ms: ${slow.filter((s) => met(s.samples)).length} of ${slow.length} over all their requests, ` +
    `${slow.filter((s) => met(s.samples.slice(0, first))).length} over their first ${first}`)
  const cpus = slow.flatMap((s) => s.cpu === null ? [] : [s.cpu])
  if (cpus.length > 0) {
    const median = (key: 'server' | 'postgres' | 'loadGenerator'): string => fixed(percentiles(cpus.map((c) => c[key])).p50)
    console.log(`  CPU per request (median over the single filters): the service ${median('server')} ms, PostgreSQL ${median('postgres')} ms, this load generator ${median('loadGenerator')} ms`)
  }
  for (const row of singles) {
    if (row.slow === undefined || row.http.p95 <= 10) continue
    const over = row.slow.positions.map((p) => `#${p} ${fixed(row.slow!.samples[p]!)}`).join(', ')
    console.log(`  ${row.combination.path.replace('/v1/red-notices', '')}: p50 ${fixed(row.http.p50)}, p95 ${fixed(row.http.p95)}, sql p95 ${fixed(row.bare.p95)}; over 10 ms: ${over}`)
  }
}

const cleanup = new Cleanup()
try {
  const database = await ensureDatabase(REPORTS)
  console.log(`database: ${new URL(database.url).pathname.slice(1)}${database.created ? ' (created)' : ''}`)
  await ensureReports(database.url, REPORTS)
  const partnerId = await ensureSmallPartner(database.url, SMALL_PARTNER, PARTNER_REPORTS)
  const secretsEnv = generateCryptoSecretsEnv()
  await sealPartnerIdentities(database.url, partnerId, secretsEnv)
  const metricsToken = randomBytes(24).toString('hex')
  const app = await openDatabase({ kind: 'postgres', url: database.url, poolMax: 1, statementTimeoutMs: 60_000 }, log)
  cleanup.add(() => app.close())
  const analystToken = await benchKey(app, secretsEnv, 'analyst')
  const reporterToken = await benchKey(app, secretsEnv, 'reporter', partnerId)
  cleanup.add(() => forgetRunReads(database.url, [analystToken, reporterToken]))
  const prefix = benchPrefix(cleanup)
  const service = await startService({
    name: 'service',
    script: 'src/server.ts',
    readyPath: '/health/ready',
    nodeFlags: profileFlags(typeof values.profile === 'string' ? values.profile : null),
    env: { ...productionEnv({ secretsEnv, databaseUrl: database.url, prefix }), METRICS_TOKEN: metricsToken }
  })
  cleanup.add(() => service.stop())
  // The first requests open the pool's connections and read cold pages: wait for a 200 before measuring.
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${service.url}/v1/red-notices?limit=1`, { headers: { authorization: `Bearer ${analystToken}` } })
    await res.arrayBuffer()
    if (res.status === 200) break
    if (attempt >= 30) throw new Error(`the service answers ${res.status} to an analyst`)
    await new Promise((resolve) => setTimeout(resolve, 1000))
  }
  const ids = { apiKeyId: '00000000-0000-0000-0000-000000000000', requestId: 'bench' }
  const analyst: Actor = { role: 'analyst', partnerId: '00000000-0000-0000-0000-000000000000', ...ids }
  const reporter: Actor = { role: 'reporter', partnerId, ...ids }
  const common = { serviceUrl: service.url, app, url: database.url, metricsToken, servicePid: service.child.pid }
  // The machine's speed, before and after each role: it moves within a run, and differs between machines of one kind.
  const printReference = async (when: string): Promise<void> => { console.log(`\nmachine reference ${when} (lower is faster): ${formatReference(await machineReference(database.url))}`) }
  await printReference('before the analyst')
  let met = await run('analyst', { ...common, token: analystToken, actor: analyst, context: { role: 'analyst', partnerId: null }, combinations: combinations(COMBINATIONS, SEED) })
  if (REPORTER_COMBINATIONS > 0) {
    await printReference('after the analyst')
    met = await run(`reporter of ${PARTNER_REPORTS} reports`, { ...common, token: reporterToken, actor: reporter, context: { role: 'reporter', partnerId }, combinations: combinations(REPORTER_COMBINATIONS, SEED + 2) }) && met
  }
  await printReference('at the end')
  console.log(`\ntargets (p95 through HTTP ≤ 50 ms for every combination, ≤ 10 ms for a single filter): ${met ? 'met' : 'NOT met'}`)
  if (!met && values.strict === true) process.exitCode = 1
} finally {
  await cleanup.run()
}
