import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { inject } from 'vitest'
import { openDatabase, type DatabaseHandle } from '../../src/db/client.ts'
import { createLogger } from '../../src/logger.ts'
import { databaseUrl, runDatabasePrefix } from './urls.ts'

async function withAdmin<T> (fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('pgAdminUrl') })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

export interface TestDatabase { name: string, url: string, drop (): Promise<void> }

/** A fresh database of this test file's own, migrated (cloned from the template) or empty. */
export async function createTestDatabase (options: { empty?: boolean } = {}): Promise<TestDatabase> {
  // The run's tag in the name lets this run's teardown drop what a failed file left, and nothing of anyone else's.
  const name = `${runDatabasePrefix(inject('runTag'))}${randomBytes(4).toString('hex')}`
  const template = options.empty === true ? 'template0' : inject('pgTemplate')
  await withAdmin((admin) => admin.query(`create database "${name}" template "${template}"`))
  return {
    name,
    url: databaseUrl(inject('pgAdminUrl'), name),
    drop: () => withAdmin(async (admin) => { await admin.query(`drop database if exists "${name}" with (force)`) })
  }
}

export async function openTestDatabase (url: string): Promise<DatabaseHandle> {
  // A loaded CI machine can take more than the API's 2 s to hand out a connection; tests wait, they do not time 503s.
  return await openDatabase({ kind: 'postgres', url, poolMax: 5, statementTimeoutMs: 10_000, connectTimeoutMs: 10_000 }, createLogger('silent'))
}
