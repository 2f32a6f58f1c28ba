import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { openDatabase } from '../../src/db/client.ts'
import { createLogger } from '../../src/logger.ts'
import { assertLoopback } from './load.ts'

export const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

export interface BenchDatabase { name: string, url: string, drop (): Promise<void> }

async function withAdmin<T> (fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

/** A fresh database migrated with the service's own migrations; `rnm_bench_` so test runs never take it for theirs. */
export async function createBenchDatabase (): Promise<BenchDatabase> {
  assertLoopback(ADMIN_URL.replace(/^postgres(ql)?:/, 'http:'))
  const name = `rnm_bench_${randomBytes(6).toString('hex')}`
  await withAdmin((admin) => admin.query(`create database "${name}"`))
  const url = new URL(ADMIN_URL)
  url.pathname = `/${name}`
  const database: BenchDatabase = {
    name,
    url: url.toString(),
    drop: () => withAdmin(async (admin) => { await admin.query(`drop database if exists "${name}" with (force)`) })
  }
  try {
    const owner = await openDatabase({ kind: 'postgres', url: database.url, poolMax: 1, statementTimeoutMs: 60_000 }, createLogger('silent'), { asOwner: true })
    try {
      await owner.migrate()
    } finally {
      await owner.close()
    }
  } catch (err) {
    await database.drop()
    throw err
  }
  return database
}

/** Rows the run left behind, read as the owner (row-level security would hide them from rnm_app). */
export async function countRows (url: string, tables: string[]): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const counts: Record<string, number> = {}
    for (const table of tables) {
      const { rows } = await client.query(`select count(*)::int as n from ${pg.escapeIdentifier(table)}`)
      counts[table] = Number(rows[0]?.n ?? 0)
    }
    return counts
  } finally {
    await client.end()
  }
}
