import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { revokeKey } from '../../src/admin/partners.ts'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import type { StoredKey } from '../../src/db/queries/api-keys.ts'
import { revokeApiKey } from '../../src/db/queries/api-keys.ts'
import { listenerFor, VerifiedKeys } from '../../src/db/verified-keys.ts'
import { createLogger } from '../../src/logger.ts'
import { bearer, createPartner, seedAdmin } from '../helpers/actors.ts'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'

const log = createLogger('silent')
const key = (id: string): StoredKey => ({ id, partnerId: 'p', role: 'analyst', secretHash: 'h', revokedAt: null })

async function eventually (check: () => boolean | Promise<boolean>, withinMs: number): Promise<number> {
  const started = Date.now()
  while (!await check()) {
    if (Date.now() - started > withinMs) throw new Error(`not within ${withinMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return Date.now() - started
}

/** VerifiedKeys (src/db/verified-keys.ts): keys kept a few seconds, forgotten on every revocation's notice. */
describe('verified keys', () => {
  let ctx: TestContext
  let admin: { partnerId: string, token: string }
  beforeAll(async () => {
    ctx = await createTestContext({ queue: new RecordingQueue() })
    admin = await seedAdmin(ctx)
  })
  afterAll(async () => { await ctx.close() })

  it('answers only the exact key verified, for its time, and nothing it was told to forget or that raced a notice', async () => {
    const keys = new VerifiedKeys(listenerFor(ctx.database.db), log, 1_000)
    // Not listening yet: nothing is kept or served.
    keys.remember(key('a'), 'id-a', 'hash-a', keys.begin())
    expect(keys.get('id-a', 'hash-a')).toBeNull()
    await keys.start()
    try {
      keys.remember(key('a'), 'id-a', 'hash-a', keys.begin(), 10_000)
      expect(keys.get('id-a', 'hash-a', 10_500)?.id).toBe('a')
      expect(keys.get('id-a', 'another secret', 10_500)).toBeNull()
      expect(keys.get('id-a', 'hash-a', 11_000)).toBeNull()
      keys.remember(key('a'), 'id-a', 'hash-a', keys.begin())
      keys.forget('a')
      expect(keys.get('id-a', 'hash-a')).toBeNull()
      // A lookup that started before a notice is not kept: it may have read the row before the revocation.
      const epoch = keys.begin()
      keys.forget('someone else')
      keys.remember(key('a'), 'id-a', 'hash-a', epoch)
      expect(keys.get('id-a', 'hash-a')).toBeNull()
      keys.remember({ ...key('b'), revokedAt: new Date() }, 'id-b', 'hash-b', keys.begin())
      expect(keys.get('id-b', 'hash-b')).toBeNull()
    } finally {
      await keys.close()
    }
  })

  it('forgets a key when another session\'s revocation commits, not when it rolls back; serves nothing while it cannot listen', async () => {
    const partner = await createPartner(ctx, admin.token, 'Verified keys NGO', 'analyst')
    const keys = new VerifiedKeys(listenerFor(ctx.database.db), log, 60_000)
    await keys.start()
    try {
      keys.remember(key(partner.apiKeyId), 'id', 'hash', keys.begin())
      await withContext(ctx.database.db, SYSTEM_CONTEXT, async (tx) => {
        expect(await revokeApiKey(tx, partner.apiKeyId)).toBe(true)
        throw new Error('roll back')
      }).catch(() => {})
      await new Promise((resolve) => setTimeout(resolve, 200))
      expect(keys.get('id', 'hash')?.id).toBe(partner.apiKeyId)
      // As the admin command line revokes, from its own process: only the notice reaches this one.
      await revokeKey(ctx.database.db, { apiKeyId: partner.apiKeyId, via: 'cli' })
      await eventually(() => keys.get('id', 'hash') === null, 2_000)

      keys.remember(key('c'), 'id-c', 'hash-c', keys.begin())
      const owner = new pg.Client({ connectionString: (ctx.database.pool!.options as { connectionString: string }).connectionString })
      await owner.connect()
      try {
        await owner.query("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'red-notice-monitor-key-listener' and datname = current_database()")
      } finally {
        await owner.end()
      }
      await eventually(() => { keys.remember(key('c'), 'id-c', 'hash-c', keys.begin()); return keys.get('id-c', 'hash-c') === null }, 2_000)
      // Listening again (after about a second), it starts empty and keeps keys again.
      await eventually(() => { keys.remember(key('d'), 'id-d', 'hash-d', keys.begin()); return keys.get('id-d', 'hash-d') !== null }, 5_000)
      expect(keys.get('id-c', 'hash-c')).toBeNull()
    } finally {
      await keys.close()
    }
  })

  it('through the API: a key revoked by another process is refused well within the time a verified key is kept', async () => {
    const partner = await createPartner(ctx, admin.token, 'Revoked elsewhere NGO', 'analyst')
    // The app's listener connects in the background: wait for it, so that the key below is served from memory.
    const owner = new pg.Client({ connectionString: (ctx.database.pool!.options as { connectionString: string }).connectionString })
    await owner.connect()
    try {
      await eventually(async () => {
        const { rows } = await owner.query("select 1 from pg_stat_activity where application_name = 'red-notice-monitor-key-listener' and datname = current_database() and query ilike 'listen%'")
        return rows.length > 0
      }, 5_000)
    } finally {
      await owner.end()
    }
    const get = async () => await ctx.app.inject({ method: 'GET', url: '/v1/red-notices?limit=1', headers: bearer(partner.token) })
    expect((await get()).statusCode).toBe(200)
    expect((await get()).statusCode).toBe(200)
    await revokeKey(ctx.database.db, { apiKeyId: partner.apiKeyId, via: 'cli' })
    const took = await eventually(async () => (await get()).statusCode === 401, 2_000)
    expect(took).toBeLessThan(2_000)
  })
})
