/**
 * Ingest benchmark: POST /v1/red-notices through the real service on PostgreSQL with BullMQ on Redis,
 * beside the bare baseline (bench/lib/bare-server.ts) on the same database, in the same run.
 *
 *   npm run bench:ingest [-- --duration 10 --warmup 3 --connections 10,100 --profile /tmp/prof]
 *
 * Everything runs on 127.0.0.1; the database, the Redis keys and the processes it creates are removed at the end.
 */
import { Cleanup } from './lib/cleanup.ts'
import { compare, created } from './lib/compare.ts'
import { benchOptions, profileFlags } from './lib/options.ts'
import { countRows } from './lib/postgres.ts'
import { startServices, type Service } from './lib/processes.ts'
import { saveIngest } from './lib/handoff.ts'
import { countJobs } from './lib/redis.ts'
import { reporterBench } from './lib/service-env.ts'

const options = benchOptions()
const POOL_MAX = '10'
const cleanup = new Cleanup()

try {
  const { database, token, prefix, serviceEnv } = await reporterBench(cleanup)

  const [service, bare] = await startServices([{
    name: 'service',
    script: 'src/server.ts',
    nodeFlags: profileFlags(options.profileDir),
    readyPath: '/health/ready',
    env: { ...serviceEnv, DATABASE_POOL_MAX: POOL_MAX }
  }, {
    name: 'bare',
    script: 'bench/lib/bare-server.ts',
    readyPath: '/health/ready',
    env: { BARE_STORAGE: 'postgres', DATABASE_URL: database.url, DATABASE_POOL_MAX: POOL_MAX }
  }], (started) => cleanup.add(() => started.stop())) as [Service, Service]

  const { results } = await compare({
    ...options,
    title: 'POST a red-notice report (PostgreSQL, BullMQ on Redis)',
    label: 'ingest/bare',
    project: { target: 'ingest', url: `${service.url}/v1/red-notices`, headers: { authorization: `Bearer ${token}` }, pid: service.child.pid },
    baseline: { target: 'bare', url: `${bare.url}/bare/red-notices`, headers: {}, pid: bare.child.pid }
  })

  // Proof the service did the real work: one report, revision, audit event and scoring job per 201. Counted
  // while it still runs, a second after the load, so requests the load generator abandoned mid-flight at
  // the end of a run (they still commit) are not cut off by the shutdown.
  await new Promise((resolve) => setTimeout(resolve, 1000))
  const rows = await countRows(database.url, ['red_notices', 'red_notice_revisions', 'audit_events', 'idempotency_keys', 'subject_indexes'])
  const jobs = await countJobs(prefix)
  console.log(`service wrote (warm-up included): ${Object.entries(rows).map(([t, n]) => `${t} ${n}`).join(', ')}, scoring jobs ${jobs}; measured 201s: ${created(results, 'ingest')}`)
  // For bench:scoring, which runs after this one in `npm run bench`: does one worker keep up with this rate?
  const reqPerSec = Object.fromEntries(results.filter((r) => r.target === 'ingest').map((r) => [String(r.connections), r.reqPerSec]))
  const reports = rows.red_notices ?? 0
  await saveIngest({ reqPerSec, jobsPerFiling: reports === 0 ? 1 : jobs / reports })
  if (options.profileDir !== null) console.log(`CPU profile of the service process written to ${options.profileDir}`)
} finally {
  await cleanup.run()
}
