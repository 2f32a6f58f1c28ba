import fs from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { Mutex, withTimeout } from 'async-mutex'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import pg from 'pg'
import type { Logger } from 'pino'
import { readMigrationState, shippedMigrations, type MigrationState } from './migration-state.ts'
import * as schema from './schema.ts'
import { installTextArrayParser } from './text-array.ts'
import { restrictToOwner } from '../owner-only.ts'

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>

installTextArrayParser()
export const MIGRATIONS_FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations')

export interface DatabaseHandle {
  kind: 'postgres' | 'pglite'
  db: Database
  /** The node-postgres pool behind db (PostgreSQL only): for what drizzle cannot do, such as COPY. */
  pool?: pg.Pool
  /** Throws when the database cannot answer a trivial query. */
  ping (): Promise<void>
  /** Applies the committed SQL migrations in order; the same files serve PostgreSQL and PGlite. */
  migrate (): Promise<void>
  /** Whether every migration this code ships is applied (readiness); remembered once it is. */
  migrationState (): Promise<MigrationState>
  /**
   * Vacuums and analyzes the tables that grew since their last VACUUM or ANALYZE, as the owner; returns them.
   * PGlite (one session, no background workers, so no autovacuum): runs by itself every ten seconds and after
   * migrations. PostgreSQL: on demand, after a bulk load (the seed), on a session of the URL's own role, since
   * the pool's sessions are the application role, which may not; where autovacuum is off nothing else does it.
   */
  maintain? (): Promise<string[]>
  close (): Promise<void>
}

export type DatabaseOptions =
  | {
    kind: 'pglite'
    dataDir: string
    /** How long a statement or transaction waits for its turn on the one session before a 503 (default 2000, as the pool's connect timeout). */
    transactionWaitMs?: number
  }
  | {
    kind: 'postgres'
    url: string
    poolMax: number
    statementTimeoutMs: number
    /** How long to wait for a connection; short for the API (a dead database must be a fast 503), longer for one-shot commands. */
    connectTimeoutMs?: number
  }

/**
 * Embedded mode's answer to an exhausted pool: the one PGlite session stayed busy for the whole wait.
 * The error handler answers 503 with Retry-After, as for PostgreSQL's connect timeout.
 */
export class StorageBusyError extends Error {
  readonly code = 'STORAGE_BUSY'
  constructor () {
    super('the embedded database stayed busy; retry shortly')
    this.name = 'StorageBusyError'
  }
}

/** The role queries run as. Row-level security binds rnm_app; only migrations run as the owner. */
export const APP_ROLE = 'rnm_app'

function pgPoolConfig (url: string, max: number, statementTimeoutMs: number, connectTimeoutMs = 2000): pg.PoolConfig {
  return {
    connectionString: url,
    max,
    // node-postgres waits forever by default; a dead database must turn into a fast 503, not a hang.
    connectionTimeoutMillis: connectTimeoutMs,
    idleTimeoutMillis: 10_000,
    statement_timeout: statementTimeoutMs,
    lock_timeout: Math.min(statementTimeoutMs, 2000),
    idle_in_transaction_session_timeout: Math.max(statementTimeoutMs * 2, 10_000),
    application_name: 'red-notice-monitor'
  }
}

const MIGRATION_LOCK = 7413326620124961

async function migratePostgres (url: string): Promise<void> {
  // A dedicated owner connection: the pool's connections have dropped to the application role.
  const client = new pg.Client({ connectionString: url, application_name: 'red-notice-monitor-migrate' })
  await client.connect()
  try {
    // Several replicas may start at once: one session-level advisory lock serialises them.
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK])
    try {
      await migratePg(drizzlePg({ client }), { migrationsFolder: MIGRATIONS_FOLDER })
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK])
    }
  } finally {
    await client.end()
  }
}

/** Reads the ledger until it is current: migrations only move forward, so a current database stays current. */
function migrationStateReader (query: (text: string) => Promise<{ rows: unknown[] }>): () => Promise<MigrationState> {
  const shipped = shippedMigrations(MIGRATIONS_FOLDER)
  let current: MigrationState | null = null
  return async () => {
    if (current !== null) return current
    const state = await readMigrationState(query, shipped)
    if (state.state === 'current') current = state
    return state
  }
}

export async function openDatabase (options: DatabaseOptions, log: Logger, { asOwner = false } = {}): Promise<DatabaseHandle> {
  if (options.kind === 'postgres') {
    const pool = new pg.Pool({
      ...pgPoolConfig(options.url, options.poolMax, options.statementTimeoutMs, options.connectTimeoutMs),
      onConnect: async (client: pg.ClientBase) => {
        // The pool listens for errors only on idle clients: one that dies while checked out (a database restart
        // between two statements of a transaction) would throw an uncaught exception and end the process.
        // Its query rejects on its own; the pool discards it on release.
        client.on('error', (err: Error & { code?: string }) => log.warn({ code: err.code }, 'PostgreSQL connection lost'))
        // Awaited before the pool hands the client out, so no query ever runs as the owner; a failure discards it.
        if (!asOwner) await client.query(`set role ${APP_ROLE}`)
      }
    })
    // Without a listener an idle client's error (database restart) crashes the process; the pool heals itself.
    pool.on('error', (err) => log.warn({ code: (err as { code?: string }).code }, 'idle PostgreSQL client failed'))
    const db = drizzlePg({ client: pool, schema, casing: 'snake_case' }) as unknown as Database
    return {
      kind: 'postgres',
      db,
      pool,
      ping: async () => { await pool.query('select 1') },
      migrate: () => migratePostgres(options.url),
      migrationState: migrationStateReader(async (text) => await pool.query(text)),
      maintain: async () => {
        const client = new pg.Client({ connectionString: options.url, application_name: 'red-notice-monitor-maintain' })
        await client.connect()
        try {
          return await vacuumGrownTables(async (text) => await client.query(text), true)
        } finally {
          await client.end()
        }
      },
      close: async () => { await pool.end() }
    }
  }
  // memory:// keeps everything in RAM (tests); anything else is a folder that survives restarts.
  const onDisk = !options.dataDir.startsWith('memory://')
  if (onDisk) await fs.mkdir(options.dataDir, { recursive: true, mode: 0o700 })
  const client = await PGlite.create(options.dataDir)
  // PGlite unpacks a new database's files as 0666 whatever the umask: owner-only before any row is written.
  if (onDisk) restrictToOwner(options.dataDir)
  const exclusive = takeTurns(client, options.transactionWaitMs ?? 2000)
  const db = drizzlePglite({ client, schema, casing: 'snake_case' })
  // PGlite is one session: drop to the application role whenever it exists (it appears with the migrations).
  const dropToAppRole = async (): Promise<void> => {
    if (asOwner) return
    const { rows } = await client.query('select 1 from pg_roles where rolname = $1', [APP_ROLE])
    if (rows.length > 0) await client.exec(`set role ${APP_ROLE}`)
  }
  await dropToAppRole()
  const maintain = async (): Promise<string[]> => await exclusive(async (query) => await vacuumGrownTables(query, asOwner))
  const timer = setInterval(() => {
    maintain().catch((err: unknown) => { log.warn({ err }, 'embedded database maintenance failed; it runs again in ten seconds') })
  }, MAINTENANCE_INTERVAL_MS)
  timer.unref()
  return {
    kind: 'pglite',
    db: db as unknown as Database,
    ping: async () => { await client.query('select 1') },
    migrate: async () => {
      await client.exec('reset role')
      await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER })
      await dropToAppRole()
      await maintain()
    },
    migrationState: migrationStateReader(async (text) => await client.query(text)),
    maintain,
    close: async () => {
      clearInterval(timer)
      if (!client.closed) await client.close()
    }
  }
}

// The check is a catalog query reading file sizes (about a millisecond); the work is done only where a table grew.
const MAINTENANCE_INTERVAL_MS = 10_000

/**
 * PostgreSQL's autovacuum keeps the planner's statistics and the tables' free space current; PGlite runs no
 * background workers, so without this its tables are never analyzed. The planner then guessed, and under
 * row-level security it guessed scans: scoring a report cost 3.4 ms with 500 reports and 5.9 ms with 4,000,
 * growing with the table, against 0.7 ms flat once analyzed. PGlite keeps no modification counters either,
 * so "grew" is read off the files: a table whose size passed what its last VACUUM or ANALYZE recorded by a
 * fifth (and 64 kB) is vacuumed and analyzed, as the owner, in one turn of the session.
 */
async function vacuumGrownTables (query: (text: string) => Promise<{ rows: unknown[] }>, asOwner: boolean): Promise<string[]> {
  const { rows } = await query(`select c.relname as name from pg_class c
    where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
      and pg_relation_size(c.oid) > c.relpages::bigint * current_setting('block_size')::bigint * 1.2 + 65536
    order by c.relname`)
  const grown = (rows as Array<{ name: string }>).map((row) => row.name)
  if (grown.length === 0) return []
  if (!asOwner) await query('reset role')
  try {
    // One table per statement: VACUUM cannot run inside a transaction block, which several statements in one
    // query would make.
    for (const table of grown) await query(`vacuum (analyze) "${table.replace(/"/g, '""')}"`)
  } finally {
    if (!asOwner) await query(`set role ${APP_ROLE}`)
  }
  return grown
}

/**
 * PGlite runs one statement or transaction at a time and queues the rest without a bound: under overload
 * every request waited its turn until the client gave up (10 s and more at 100 connections). Statements and
 * transactions take turns here instead, and one that has not started within waitMs fails with
 * StorageBusyError, so an overloaded embedded service sheds load with fast 503s as PostgreSQL's pool does.
 * Statements inside a transaction go through its own handle, not these, so they never wait on themselves.
 */
function takeTurns (client: PGlite, waitMs: number): <T>(fn: (query: (text: string) => Promise<{ rows: unknown[] }>) => Promise<T>) => Promise<T> {
  const turns = withTimeout(new Mutex(), waitMs, new StorageBusyError())
  const query = client.query.bind(client)
  const exec = client.exec.bind(client)
  const transaction = client.transaction.bind(client)
  client.query = async (...args) => await turns.runExclusive(async () => await query(...args))
  client.exec = async (...args) => await turns.runExclusive(async () => await exec(...args))
  client.transaction = async (...args) => await turns.runExclusive(async () => await transaction(...args))
  // Several statements in one turn (maintenance), through the unwrapped query so they do not wait on themselves.
  return async (fn) => await turns.runExclusive(async () => await fn(async (text) => await query(text)))
}
