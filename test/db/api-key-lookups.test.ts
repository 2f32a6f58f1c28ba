import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseApiKey } from '../../src/crypto/api-keys.ts'
import type { Database } from '../../src/db/client.ts'
import { findApiKey, findApiKeys } from '../../src/db/queries/api-keys.ts'
import { createPartner, seedAdmin, type PartnerKey } from '../helpers/actors.ts'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'

const keyIdOf = (token: string): string => parseApiKey(token)!.keyId

describe('API key lookups', () => {
  let ctx: TestContext
  let a: PartnerKey
  let b: PartnerKey
  beforeAll(async () => {
    ctx = await createTestContext({ queue: new RecordingQueue() })
    const admin = await seedAdmin(ctx)
    a = await createPartner(ctx, admin.token, 'Lookup NGO A')
    b = await createPartner(ctx, admin.token, 'Lookup NGO B', 'analyst')
  })
  afterAll(async () => { await ctx.close() })

  it('answers one row per id asked, in order, null for an unknown id, a repeated id each time', async () => {
    const unknown = 'f'.repeat(32)
    const found = await findApiKeys(ctx.database.db, [keyIdOf(b.token), unknown, keyIdOf(a.token), keyIdOf(b.token)])
    expect(found.map((key) => key === null ? null : [key.id, key.partnerId, key.role])).toEqual([
      [b.apiKeyId, b.partnerId, 'analyst'], null, [a.apiKeyId, a.partnerId, 'reporter'], [b.apiKeyId, b.partnerId, 'analyst']
    ])
  })

  it('looks up the keys presented in one turn of the event loop in one statement', async () => {
    let statements = 0
    const db = ctx.database.db
    const counting = new Proxy(db, {
      get (target, property, receiver) {
        if (property === 'execute') return async (...args: Parameters<Database['execute']>) => { statements++; return await target.execute(...args) }
        return Reflect.get(target, property, receiver) as unknown
      }
    })
    const ids = [keyIdOf(a.token), 'e'.repeat(32), keyIdOf(b.token)]
    const found = await Promise.all(ids.map(async (id) => await findApiKey(counting, id)))
    expect(found.map((key) => key?.id ?? null)).toEqual([a.apiKeyId, null, b.apiKeyId])
    expect(statements).toBe(1)
    // Alone, a lookup leaves at once: one statement each.
    for (const id of ids) await findApiKey(counting, id)
    expect(statements).toBe(4)
  })
})
