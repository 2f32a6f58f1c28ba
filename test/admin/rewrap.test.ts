import { eq } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { AdminError } from '../../src/admin/partners.ts'
import { rewrapAll } from '../../src/admin/rotation.ts'
import { UnknownKeyIdError, generateKeyringString, parseKeyring, prependNewKey, unwrapDataKey } from '../../src/crypto/index.ts'
import { openDatabase, type DatabaseHandle } from '../../src/db/client.ts'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { assurances, auditEvents, redNotices } from '../../src/db/schema.ts'
import { createLogger } from '../../src/logger.ts'
import { createTestDatabase, openTestDatabase } from '../helpers/db.ts'
import { decryptAll, insertEncryptedRows, readWrappedKeys } from '../helpers/encrypted-rows.ts'

const backends = [
  {
    name: 'PostgreSQL',
    async open () {
      const testDb = await createTestDatabase()
      const handle = await openTestDatabase(testDb.url)
      return { handle, cleanup: async () => { await handle.close(); await testDb.drop() } }
    }
  },
  {
    name: 'PGlite',
    async open () {
      const handle = await openDatabase({ kind: 'pglite', dataDir: 'memory://' }, createLogger('silent'))
      await handle.migrate()
      return { handle, cleanup: () => handle.close() }
    }
  }
]

describe.each(backends)('rotate-keys --rewrap on $name', (backend) => {
  let database: DatabaseHandle
  let cleanup: () => Promise<void>
  beforeAll(async () => { ({ handle: database, cleanup } = await backend.open()) })
  afterAll(async () => { await cleanup() })
  // Each test brings its own keyring: erase what the previous one stored, so its keys are not needed.
  afterEach(() => withContext(database.db, SYSTEM_CONTEXT, async (tx) => {
    await tx.update(redNotices).set({ wrappedKey: null, identity: null })
    await tx.update(assurances).set({ wrappedKey: null, identity: null })
  }))

  it('moves every data key to the new current root in batches, and every identity stays readable throughout', async () => {
    const oldString = generateKeyringString('old1')
    const oldKeyring = parseKeyring(oldString)
    const newKeyring = parseKeyring(prependNewKey(oldString, 'new2'))
    const rows = [
      ...await insertEncryptedRows(database, oldKeyring, { redNotices: 5, assurances: 3, erased: 1 }),
      ...await insertEncryptedRows(database, newKeyring, { redNotices: 1, assurances: 1 })
    ]
    const progress: Array<{ table: string, done: number, total: number }> = []
    const summary = await rewrapAll(database.db, newKeyring, {
      batchSize: 2,
      onProgress: (step) => { progress.push(step) }
    })
    expect(summary).toEqual({ rewrapped: 8, alreadyCurrent: 2, remaining: 0, currentKid: 'new2' })
    expect(progress.map((p) => `${p.table} ${p.done}/${p.total}`)).toEqual([
      'red_notices 2/5', 'red_notices 4/5', 'red_notices 5/5', 'assurances 2/3', 'assurances 3/3'
    ])
    const kids = await decryptAll(database, newKeyring, rows)
    expect(new Set([...kids.values()])).toEqual(new Set(['new2', null]))

    // The old root no longer opens anything: the keys really moved, they were not copied.
    const stored = await readWrappedKeys(database, rows)
    for (const row of rows.filter((r) => r.identity !== null)) {
      expect(() => unwrapDataKey(oldKeyring, stored.get(row.id)!.wrappedKey!, { table: row.table, rowId: row.id })).toThrow(UnknownKeyIdError)
    }

    const again = await rewrapAll(database.db, newKeyring)
    expect(again).toEqual({ rewrapped: 0, alreadyCurrent: 10, remaining: 0, currentKid: 'new2' })
    const events = await withContext(database.db, SYSTEM_CONTEXT, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.action, 'encryption_keys.rewrapped')))
    expect(events.map((e) => e.details)).toEqual([
      { currentKid: 'new2', rewrapped: 8, remaining: 0, via: 'cli' },
      { currentKid: 'new2', rewrapped: 0, remaining: 0, via: 'cli' }
    ])
  })

  it('every row decrypts between any two batches', async () => {
    const oldString = generateKeyringString('mid1')
    const newKeyring = parseKeyring(prependNewKey(oldString, 'mid2'))
    // The current keyring is what running processes hold during the job: they must read old and new wraps.
    const rows = await insertEncryptedRows(database, parseKeyring(oldString), { redNotices: 3, assurances: 2 })
    const seen: Array<Map<string, string | null>> = []
    await rewrapAll(database.db, newKeyring, { batchSize: 1, onProgress: async () => { seen.push(await decryptAll(database, newKeyring, rows)) } })
    expect(seen).toHaveLength(5)
    expect(seen.map((kids) => [...kids.values()].filter((kid) => kid === 'mid2').length)).toEqual([1, 2, 3, 4, 5])
  })

  it('rewraps full default batches of 500 in one statement each', async () => {
    const oldString = generateKeyringString('big1')
    const newKeyring = parseKeyring(prependNewKey(oldString, 'big2'))
    const rows = await insertEncryptedRows(database, parseKeyring(oldString), { redNotices: 501, assurances: 0 })
    const progress: string[] = []
    const summary = await rewrapAll(database.db, newKeyring, { onProgress: ({ done, total }) => { progress.push(`${done}/${total}`) } })
    expect(summary).toMatchObject({ rewrapped: 501, remaining: 0 })
    expect(progress).toEqual(['500/501', '501/501'])
    expect(new Set((await decryptAll(database, newKeyring, rows)).values())).toEqual(new Set(['big2']))
  })

  it('refuses before changing anything when a row is under a key the keyring does not hold', async () => {
    const lost = parseKeyring(generateKeyringString('lost9'))
    const rows = await insertEncryptedRows(database, lost, { redNotices: 1, assurances: 0 })
    const keyring = parseKeyring(generateKeyringString('other3'))
    const before = await readWrappedKeys(database, rows)
    await expect(rewrapAll(database.db, keyring)).rejects.toThrow(/key id\(s\) .*lost9.*which ENCRYPTION_KEYS does not contain/)
    expect(await readWrappedKeys(database, rows)).toEqual(before)
  })

  it('stops on a wrapped key that does not authenticate, without changing its batch', async () => {
    const oldString = generateKeyringString('tam1')
    const newKeyring = parseKeyring(prependNewKey(oldString, 'tam2'))
    const rows = await insertEncryptedRows(database, parseKeyring(oldString), { redNotices: 2, assurances: 0 })
    const [first, second] = rows as [typeof rows[0], typeof rows[0]]
    const stored = await readWrappedKeys(database, rows)
    // Another row's wrapped key copied here: its AAD names the other row, so it must not unwrap.
    await withContext(database.db, SYSTEM_CONTEXT, (tx) => tx.update(redNotices).set({ wrappedKey: stored.get(second.id)!.wrappedKey }).where(eq(redNotices.id, first.id)))
    const error = await rewrapAll(database.db, newKeyring, { batchSize: 10 }).catch((err: unknown) => err)
    expect(error).toBeInstanceOf(AdminError)
    expect((error as Error).message).toMatch(/does not unwrap/)
    const after = await readWrappedKeys(database, rows)
    expect(after.get(second.id)!.wrappedKey).toBe(stored.get(second.id)!.wrappedKey)
  })
})
