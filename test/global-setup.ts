import { execFileSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { MIGRATIONS_FOLDER, openDatabase } from '../src/db/client.ts'
import { createLogger } from '../src/logger.ts'
import { databaseUrl, runDatabasePrefix } from './helpers/urls.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string
    pgTemplate: string
    redisUrl: string
    /** Names every database this run creates (`rnm_t_<runTag>_…`), so its teardown drops those and nothing else. */
    runTag: string
  }
}

function dockerWorks (): boolean {
  try {
    execFileSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'ignore', timeout: 5000 })
    return true
  } catch {
    return false
  }
}

/** TEST_*_URL when set; otherwise testcontainers when Docker works; otherwise the local servers. */
async function resolveServers (): Promise<{ pgAdminUrl: string, redisUrl: string, stop: () => Promise<void> }> {
  let pgAdminUrl = process.env.TEST_DATABASE_URL
  let redisUrl = process.env.TEST_REDIS_URL
  const stops: Array<() => Promise<unknown>> = []
  if ((pgAdminUrl === undefined || redisUrl === undefined) && process.env.TESTCONTAINERS !== 'off' && dockerWorks()) {
    const { GenericContainer, Wait } = await import('testcontainers')
    if (pgAdminUrl === undefined) {
      const container = await new GenericContainer('postgres:17')
        .withEnvironment({ POSTGRES_PASSWORD: 'test', POSTGRES_DB: 'test' })
        .withCommand(['postgres', '-c', 'fsync=off', '-c', 'synchronous_commit=off'])
        .withExposedPorts(5432)
        .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
        .start()
      stops.push(() => container.stop())
      // secretlint-disable-next-line -- the throwaway container's fixed test password
      pgAdminUrl = `postgres://postgres:test@${container.getHost()}:${container.getMappedPort(5432)}/test`
    }
    if (redisUrl === undefined) {
      const container = await new GenericContainer('redis:7').withCommand(['redis-server', '--maxmemory-policy', 'noeviction']).withExposedPorts(6379).start()
      stops.push(() => container.stop())
      redisUrl = `redis://${container.getHost()}:${container.getMappedPort(6379)}`
    }
  }
  return {
    pgAdminUrl: pgAdminUrl ?? 'postgres://postgres@127.0.0.1:5432/test',
    redisUrl: redisUrl ?? 'redis://127.0.0.1:6379',
    stop: async () => { for (const stop of stops) await stop() }
  }
}

function migrationsFingerprint (): string {
  const hash = createHash('sha256')
  for (const file of fs.readdirSync(MIGRATIONS_FOLDER).filter((f) => f.endsWith('.sql')).sort()) {
    hash.update(file).update(fs.readFileSync(path.join(MIGRATIONS_FOLDER, file)))
  }
  return hash.digest('hex').slice(0, 12)
}

/** Migrates a template database once per migration set; each test file clones it (CREATE DATABASE … TEMPLATE). */
async function prepareTemplate (adminUrl: string): Promise<string> {
  const template = `rnm_template_${migrationsFingerprint()}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  try {
    await admin.query('select pg_advisory_lock(424242)')
    const exists = await admin.query('select 1 from pg_database where datname = $1', [template])
    if (exists.rowCount === 0) {
      await admin.query(`create database "${template}_tmp"`).catch(async () => {
        await admin.query(`drop database "${template}_tmp"`)
        await admin.query(`create database "${template}_tmp"`)
      })
      const handle = await openDatabase({ kind: 'postgres', url: databaseUrl(adminUrl, `${template}_tmp`), poolMax: 1, statementTimeoutMs: 60_000 }, createLogger('silent'))
      try {
        await handle.migrate()
      } finally {
        await handle.close()
      }
      // Renamed only once complete, so an interrupted run never leaves a half-migrated template behind.
      await admin.query(`alter database "${template}_tmp" rename to "${template}"`)
    }
    await admin.query('select pg_advisory_unlock(424242)')
  } finally {
    await admin.end()
  }
  return template
}

/**
 * Drops what a test file of this run created and did not drop (a file that failed in its set-up, a crash).
 * Only this run's tag is matched: the server may be shared with other runs and other projects' databases.
 */
async function dropRunDatabases (adminUrl: string, runTag: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  try {
    const { rows } = await admin.query<{ datname: string }>('select datname from pg_database where starts_with(datname, $1)', [runDatabasePrefix(runTag)])
    for (const { datname } of rows) await admin.query(`drop database if exists ${pg.escapeIdentifier(datname)} with (force)`)
  } finally {
    await admin.end()
  }
}

export default async function setup (project: TestProject): Promise<() => Promise<void>> {
  const servers = await resolveServers()
  const template = await prepareTemplate(servers.pgAdminUrl)
  const runTag = randomBytes(5).toString('hex')
  project.provide('pgAdminUrl', servers.pgAdminUrl)
  project.provide('pgTemplate', template)
  project.provide('redisUrl', servers.redisUrl)
  project.provide('runTag', runTag)
  return async () => {
    await dropRunDatabases(servers.pgAdminUrl, runTag)
    await servers.stop()
  }
}
