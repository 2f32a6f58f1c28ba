import fs from 'node:fs/promises'
import path from 'node:path'
import { DecryptionError, loadCryptoSecrets, prependNewKey, rewrapDataKey, UnknownKeyIdError, type Keyring } from '../crypto/index.ts'
import type { Database } from '../db/client.ts'
import { SYSTEM_CONTEXT, withContext } from '../db/context.ts'
import { recordAudit } from '../db/queries/audit.ts'
import { WRAPPED_KEY_TABLES, countWrappedKeysByKid, lockRowsToRewrap, updateWrappedKeys, type WrappedKeyTable } from '../db/queries/wrapped-keys.ts'
import { KEYS_FILE } from '../secrets.ts'
import { AdminError } from './partners.ts'

export interface RewrapSummary {
  rewrapped: number
  alreadyCurrent: number
  /** Rows still under an old kid afterwards: locked by a writer during the run, or written meanwhile by a replica that does not have the new key yet. */
  remaining: number
  currentKid: string
}

export interface RewrapProgress { table: WrappedKeyTable, done: number, total: number }

/**
 * Rotation step 2 (src/crypto/README.md): re-wraps every data key not under the keyring's current root.
 * Only the 32-byte data keys are re-encrypted, never the identities, and each batch commits on its own, so
 * every row stays readable throughout (old kid until its batch commits, new kid after). Erased rows have no
 * wrapped key and are skipped. Idempotent: a second run finds nothing to do.
 */
export async function rewrapAll (db: Database, keyring: Keyring, options: { batchSize?: number, onProgress?: (progress: RewrapProgress) => void | Promise<void> } = {}): Promise<RewrapSummary> {
  const batchSize = options.batchSize ?? 500
  const currentKid = keyring.currentKid
  const tables = Object.keys(WRAPPED_KEY_TABLES) as WrappedKeyTable[]

  // Refuse before changing anything if some row is under a kid this keyring cannot unwrap: the job would
  // otherwise stop half-way, and the likely cause (an old key dropped too early) needs the operator anyway.
  const before = await withContext(db, SYSTEM_CONTEXT, async (tx) => {
    const counts = new Map<WrappedKeyTable, Map<string, number>>()
    for (const table of tables) counts.set(table, await countWrappedKeysByKid(tx, table))
    return counts
  })
  const unknown = new Set<string>()
  let alreadyCurrent = 0
  for (const counts of before.values()) {
    for (const [kid, n] of counts) {
      if (kid === currentKid) alreadyCurrent += n
      else if (!keyring.has(kid)) unknown.add(kid)
    }
  }
  if (unknown.size > 0) {
    throw new AdminError(`some data keys are wrapped under key id(s) ${[...unknown].sort().join(', ')}, which ENCRYPTION_KEYS does not contain; put those keys back (after the current one) and run again`)
  }

  let rewrapped = 0
  for (const table of tables) {
    const total = [...(before.get(table) ?? new Map<string, number>())].reduce((sum, [kid, n]) => kid === currentKid ? sum : sum + n, 0)
    let done = 0
    let afterId: string | undefined
    for (;;) {
      const rows = await withContext(db, SYSTEM_CONTEXT, async (tx) => {
        const locked = await lockRowsToRewrap(tx, table, { currentKid, afterId, limit: batchSize })
        await updateWrappedKeys(tx, table, locked.map((row) => ({ id: row.id, wrappedKey: rewrapOne(keyring, table, row) })))
        return locked
      })
      const last = rows[rows.length - 1]
      if (last === undefined) break
      afterId = last.id
      done += rows.length
      await options.onProgress?.({ table, done, total: Math.max(total, done) })
    }
    rewrapped += done
  }

  const remaining = await withContext(db, SYSTEM_CONTEXT, async (tx) => {
    let n = 0
    for (const table of tables) {
      for (const [kid, count] of await countWrappedKeysByKid(tx, table)) if (kid !== currentKid) n += count
    }
    await recordAudit(tx, {
      actorPartnerId: null, actorKeyId: null, action: 'encryption_keys.rewrapped', details: { currentKid, rewrapped, remaining: n, via: 'cli' }
    })
    return n
  })
  return { rewrapped, alreadyCurrent, remaining, currentKid }
}

function rewrapOne (keyring: Keyring, table: WrappedKeyTable, row: { id: string, wrappedKey: string }): string {
  try {
    // The AAD the intake code wraps with: the table and the report's id.
    return rewrapDataKey(keyring, row.wrappedKey, { table, rowId: row.id })
  } catch (err) {
    if (err instanceof DecryptionError || err instanceof UnknownKeyIdError) {
      // The batch rolls back; earlier batches stay rewrapped, and a rerun continues from here.
      throw new AdminError(`the data key of ${table} row ${row.id} does not unwrap (altered, moved, or its root is missing); stopped without changing that batch`)
    }
    throw err
  }
}

/**
 * Rotation step 1 for the embedded mode, whose roots live in DATA_DIR/keys.json: a fresh root goes first,
 * the old ones stay for reading. Written to a temporary file and renamed over the old one, so a crash or a
 * reader at any moment sees either the old or the new file, never half of one.
 */
export async function prependKeyInFile (dataDir: string): Promise<{ file: string, currentKid: string, kids: string[] }> {
  const file = path.join(dataDir, KEYS_FILE)
  let stored: Record<string, string>
  try {
    stored = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, string>
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new AdminError(`there is no ${file}: start the server once (it generates the keys), or set ENCRYPTION_KEYS`)
    throw new AdminError(`${file} is not readable JSON; restore it from your backup`)
  }
  if (typeof stored.ENCRYPTION_KEYS !== 'string') throw new AdminError(`${file} has no ENCRYPTION_KEYS; restore it from your backup`)
  const next = { ...stored, ENCRYPTION_KEYS: prependNewKey(stored.ENCRYPTION_KEYS) }
  // The same checks the server makes at start, so a file it would refuse is never written.
  const { keyring } = loadCryptoSecrets(next)

  const temp = `${file}.${process.pid}.tmp`
  const handle = await fs.open(temp, 'wx', 0o600)
  try {
    await handle.writeFile(JSON.stringify(next, null, 2) + '\n')
    await handle.sync()
  } finally {
    await handle.close()
  }
  try {
    await fs.rename(temp, file)
  } catch (err) {
    await fs.rm(temp, { force: true })
    throw err
  }
  // The rename is durable only once the folder's entry is on disk.
  const dir = await fs.open(dataDir, 'r')
  try { await dir.sync() } finally { await dir.close() }
  return { file, currentKid: keyring.currentKid, kids: keyring.kids }
}
