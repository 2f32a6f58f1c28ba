import { parseArgs } from 'node:util'
import { pino } from 'pino'
import { DataDirLockedError, acquireDataDirLock, type DataDirLock } from '../data-dir-lock.ts'
import { openDatabase, type DatabaseHandle } from '../db/client.ts'
import { createLogger } from '../logger.ts'
import { seedReports } from '../seed/seed.ts'
import { refreshStatistics } from '../db/queries/statistics.ts'
import { loadConfigOrExit } from './load-config.ts'

// `npm run seed -- --reports N [--seed S] [--batch B]`: fills the configured database (DATABASE_URL, or the
// embedded DATA_DIR) with N synthetic red-notice reports and their scores, for demos and benchmarks.
// Seeded reports carry no identities. Progress goes to stderr, the summary (JSON) to stdout.

const USAGE = 'Usage: npm run seed -- --reports N [--seed S] [--batch B] [--connections C]'

function positiveInt (value: string | undefined, fallback: number | undefined, name: string): number {
  if (value === undefined && fallback !== undefined) return fallback
  const n = Number(value)
  if (value === undefined || !Number.isSafeInteger(n) || n < (name === 'seed' ? 0 : 1)) {
    process.stderr.write(`error: --${name} must be a ${name === 'seed' ? 'non-negative' : 'positive'} integer\n${USAGE}\n`)
    process.exit(2)
  }
  return n
}

let values: Record<string, string | boolean | undefined>
try {
  ({ values } = parseArgs({ options: { reports: { type: 'string' }, seed: { type: 'string' }, batch: { type: 'string' }, connections: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true }))
} catch (err) {
  process.stderr.write(`error: ${(err as Error).message}\n${USAGE}\n`)
  process.exit(2)
}
if (values.help === true) {
  process.stdout.write(`${USAGE}\n`)
  process.exit(0)
}
const reports = positiveInt(values.reports as string | undefined, undefined, 'reports')
const seed = positiveInt(values.seed as string | undefined, 1, 'seed')
const batch = positiveInt(values.batch as string | undefined, 5000, 'batch')
const connections = positiveInt(values.connections as string | undefined, 2, 'connections')

const config = loadConfigOrExit()
const logger = createLogger(config.logLevel, pino.destination({ fd: 2, sync: true }))
let lock: DataDirLock | undefined
let database: DatabaseHandle | undefined
try {
  if (config.database.kind === 'pglite') lock = acquireDataDirLock(config.dataDir, 'admin')
  database = await openDatabase(
    config.database.kind === 'pglite' ? config.database : { ...config.database, poolMax: connections, statementTimeoutMs: 600_000, connectTimeoutMs: 15_000 },
    logger
  )
  // Embedded mode has no separate migrate step: a fresh folder works (as for the server and the admin CLI).
  if (database.kind === 'pglite') await database.migrate()
  const summary = await seedReports(database.db, {
    reports,
    seed,
    batch,
    connections: database.kind === 'pglite' ? 1 : connections,
    copyPool: database.pool,
    // The pool's sessions are the application role, which may not analyze; the owner vacuums and analyzes.
    maintain: database.maintain,
    progress: (done, total, rate) => {
      process.stderr.write(`seeded ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} (${Math.round(rate).toLocaleString('en-US')} rows/s)\n`)
    }
  })
  // Statistics read a release rebuilt on the reconciler's schedule: rebuild it now so they show the seed at once.
  const started = performance.now()
  const statisticsAsOf = await refreshStatistics(database.db, { minGroupSize: config.statsMinGroupSize })
  const statisticsSeconds = Math.round((performance.now() - started) / 100) / 10
  process.stdout.write(JSON.stringify({ storage: database.kind, ...summary, statisticsAsOf, statisticsSeconds }) + '\n')
} catch (err) {
  if (err instanceof DataDirLockedError) {
    process.stderr.write(err.message + '\n')
    process.exitCode = 3
  } else {
    const code = (err as { code?: string, cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code
    // Driver messages carry SQL and parameters; the code alone is enough to tell what went wrong.
    logger.error({ err }, 'seeding failed')
    process.stderr.write(`error: seeding failed${code === undefined ? '' : ` (${code})`}${code === '42P01' ? ': run npm run migrate first' : ''}\n`)
    process.exitCode = 1
  }
} finally {
  await database?.close()
  lock?.release()
}
