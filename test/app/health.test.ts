import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest'
import { generateApiKey } from '../../src/crypto/index.ts'
import { createLogger } from '../../src/logger.ts'
import { BullmqScoringQueue } from '../../src/queue/bullmq.ts'
import { createTestContext, type TestContext } from '../helpers/app.ts'
import { createTestDatabase } from '../helpers/db.ts'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { drizzle } from 'drizzle-orm/node-postgres'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import pg from 'pg'
import { MIGRATIONS_FOLDER } from '../../src/db/client.ts'

describe('health', () => {
  describe('with PostgreSQL and BullMQ on Redis', () => {
    let ctx: TestContext
    beforeAll(async () => {
      ctx = await createTestContext({ queue: () => new BullmqScoringQueue({ url: inject('redisUrl'), prefix: `t-${Date.now()}` }, createLogger('silent')) })
    })
    afterAll(async () => { await ctx.close() })

    it('is live and ready when the database and Redis answer', async () => {
      expect((await ctx.app.inject('/health/live')).json()).toEqual({ status: 'ok' })
      const ready = await ctx.app.inject('/health/ready')
      expect(ready.statusCode).toBe(200)
      expect(ready.json()).toEqual({ status: 'ready', checks: { database: 'up', migrations: 'current', queue: 'up' } })
    })
  })

  describe('when Redis is unreachable', () => {
    let ctx: TestContext
    beforeAll(async () => {
      ctx = await createTestContext({ queue: () => new BullmqScoringQueue({ url: 'redis://127.0.0.1:1', prefix: 'unreachable' }, createLogger('silent')) })
    })
    afterAll(async () => { await ctx.close() })

    it('is live but not ready, and says which check failed', async () => {
      expect((await ctx.app.inject('/health/live')).statusCode).toBe(200)
      const ready = await ctx.app.inject('/health/ready')
      expect(ready.statusCode).toBe(503)
      expect(ready.json()).toEqual({ status: 'unavailable', checks: { database: 'up', migrations: 'current', queue: 'down' } })
    })
  })

  describe('when the database is gone', () => {
    let ctx: TestContext
    beforeAll(async () => {
      ctx = await createTestContext({ storage: 'pglite' })
      await ctx.database.close()
    })
    afterAll(async () => { await ctx.app.close() })

    it('is not ready', async () => {
      const ready = await ctx.app.inject('/health/ready')
      expect(ready.statusCode).toBe(503)
      expect(ready.json().checks).toEqual({ database: 'down', migrations: 'unknown', queue: 'not configured' })
    })
  })

  describe('when the database has never been migrated', () => {
    let ctx: TestContext
    beforeAll(async () => { ctx = await createTestContext({ testDatabase: await createTestDatabase({ empty: true }) }) })
    afterAll(async () => { await ctx.close(); await ctx.testDatabase?.drop() })

    it('answers 503 with migrations "missing", and logs why in words', async () => {
      const ready = await ctx.app.inject('/health/ready')
      expect(ready.statusCode).toBe(503)
      expect(ready.json()).toEqual({ status: 'unavailable', checks: { database: 'up', migrations: 'missing', queue: 'not configured' } })
      expect(ctx.logs.text()).toContain('the database is not migrated (no migration applied); run `npm run migrate`')
    })

    it('logs a request that fails on the missing schema with its SQLSTATE and in words', async () => {
      // Any well-formed key: looking it up calls a function that only the migrations create.
      const res = await ctx.app.inject({ url: '/v1/red-notices', headers: { authorization: `Bearer ${generateApiKey().token}` } })
      expect(res.statusCode).toBe(500)
      expect(res.body).not.toContain('42883')
      expect(ctx.logs.text()).toContain('"code":"42883"')
      expect(ctx.logs.text()).toContain('"reason":"undefined function: the database is not migrated')
    })
  })

  describe('when the database is behind this code', () => {
    let ctx: TestContext
    beforeAll(async () => {
      // A database migrated by the previous release: every migration this code ships but the last.
      const testDatabase = await createTestDatabase({ empty: true })
      const previous = await fs.mkdtemp(path.join(os.tmpdir(), 'rnm-previous-migrations-'))
      try {
        await fs.cp(MIGRATIONS_FOLDER, previous, { recursive: true })
        const journalPath = path.join(previous, 'meta', '_journal.json')
        const journal = JSON.parse(await fs.readFile(journalPath, 'utf8')) as { entries: unknown[] }
        journal.entries.pop()
        await fs.writeFile(journalPath, JSON.stringify(journal))
        const client = new pg.Client({ connectionString: testDatabase.url })
        await client.connect()
        try {
          await migrate(drizzle({ client }), { migrationsFolder: previous })
        } finally {
          await client.end()
        }
      } finally {
        await fs.rm(previous, { recursive: true, force: true })
      }
      ctx = await createTestContext({ testDatabase })
    })
    afterAll(async () => { await ctx.close(); await ctx.testDatabase?.drop() })

    it('answers 503 with migrations "behind", and becomes ready once migrate has run', async () => {
      const before = await ctx.app.inject('/health/ready')
      expect(before.statusCode).toBe(503)
      expect(before.json().checks.migrations).toBe('behind')
      expect(ctx.logs.text()).toMatch(/the database is behind this code \(\d+ of \d+ migrations applied\)/)
      await ctx.database.migrate()
      const after = await ctx.app.inject('/health/ready')
      expect(after.statusCode).toBe(200)
      expect(after.json().checks.migrations).toBe('current')
    })
  })
})
