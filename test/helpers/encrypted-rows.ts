import { randomUUID } from 'node:crypto'
import { generateDataKey, openJson, sealJson, unwrapDataKey, wrapDataKey, wrappedKeyId, type Keyring } from '../../src/crypto/index.ts'
import type { DatabaseHandle } from '../../src/db/client.ts'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { assurances, partners, redNotices } from '../../src/db/schema.ts'

export interface EncryptedRow { table: 'red_notices' | 'assurances', id: string, identity: { fullName: string } | null }

/**
 * Reports whose identity is sealed under a per-report data key wrapped by `keyring`, exactly as the intake
 * code stores them (AAD: the table and the report id), plus, with `erased`, a report whose key was destroyed.
 */
export async function insertEncryptedRows (database: DatabaseHandle, keyring: Keyring, counts: { redNotices: number, assurances: number, erased?: number }): Promise<EncryptedRow[]> {
  return await withContext(database.db, SYSTEM_CONTEXT, async (tx) => {
    const [partner] = await tx.insert(partners).values({ name: `Fixture NGO ${randomUUID()}` }).returning()
    const partnerId = partner!.id
    const rows: EncryptedRow[] = []
    const sealed = (table: EncryptedRow['table'], id: string, fullName: string) => {
      const dek = generateDataKey()
      return { identity: sealJson(dek, { fullName }, { table, rowId: id }), wrappedKey: wrapDataKey(keyring, dek, { table, rowId: id }) }
    }
    for (let i = 0; i < counts.redNotices; i++) {
      const id = randomUUID()
      const identity = { fullName: `Person ${i} ${id.slice(0, 4)}` }
      await tx.insert(redNotices).values({
        id, partnerId, subjectId: randomUUID(), revision: 1, mechanism: 'red_notice', requestingCountry: 'RU', facts: {}, ...sealed('red_notices', id, identity.fullName)
      })
      rows.push({ table: 'red_notices', id, identity })
    }
    for (let i = 0; i < counts.assurances; i++) {
      const id = randomUUID()
      const identity = { fullName: `Assured ${i} ${id.slice(0, 4)}` }
      await tx.insert(assurances).values({ id, partnerId, revision: 1, givingState: 'RU', receivingState: 'FR', facts: {}, ...sealed('assurances', id, identity.fullName) })
      rows.push({ table: 'assurances', id, identity })
    }
    for (let i = 0; i < (counts.erased ?? 0); i++) {
      const id = randomUUID()
      await tx.insert(redNotices).values({
        id, partnerId, subjectId: randomUUID(), revision: 1, mechanism: 'red_notice', requestingCountry: 'RU', facts: {}, identity: null, wrappedKey: null, erasedAt: new Date()
      })
      rows.push({ table: 'red_notices', id, identity: null })
    }
    return rows
  })
}

/** Each row's wrapped key as stored now. */
export async function readWrappedKeys (database: DatabaseHandle, rows: EncryptedRow[]): Promise<Map<string, { wrappedKey: string | null, identity: string | null }>> {
  return await withContext(database.db, SYSTEM_CONTEXT, async (tx) => {
    const out = new Map<string, { wrappedKey: string | null, identity: string | null }>()
    for (const table of [redNotices, assurances]) {
      for (const row of await tx.select({ id: table.id, wrappedKey: table.wrappedKey, identity: table.identity }).from(table)) out.set(row.id, row)
    }
    return new Map([...out].filter(([id]) => rows.some((r) => r.id === id)))
  })
}

/** Decrypts every row's identity with `keyring`; returns the kid each row is wrapped under (null: erased). */
export async function decryptAll (database: DatabaseHandle, keyring: Keyring, rows: EncryptedRow[]): Promise<Map<string, string | null>> {
  const stored = await readWrappedKeys(database, rows)
  const kids = new Map<string, string | null>()
  for (const row of rows) {
    const { wrappedKey, identity } = stored.get(row.id) ?? { wrappedKey: null, identity: null }
    if (row.identity === null) {
      if (wrappedKey !== null || identity !== null) throw new Error(`erased row ${row.id} has key material again`)
      kids.set(row.id, null)
      continue
    }
    if (wrappedKey === null || identity === null) throw new Error(`row ${row.id} lost its key`)
    const dek = unwrapDataKey(keyring, wrappedKey, { table: row.table, rowId: row.id })
    const opened = openJson(dek, identity, { table: row.table, rowId: row.id })
    if (JSON.stringify(opened) !== JSON.stringify(row.identity)) throw new Error(`row ${row.id} decrypts to something else`)
    kids.set(row.id, wrappedKeyId(wrappedKey))
  }
  return kids
}
