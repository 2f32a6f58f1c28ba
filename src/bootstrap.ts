import type { KeyObject } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import type { Logger } from 'pino'
import { createPartnerWithKey, type IssuedKey } from './admin/partners.ts'
import type { Database } from './db/client.ts'
import { SYSTEM_CONTEXT, withContext } from './db/context.ts'
import { countPartners } from './db/queries/partners.ts'

export const ADMIN_KEY_FILE = 'admin-key.json'
export const FIRST_ADMIN_NAME = 'Local administrator'

export interface FirstAdmin extends IssuedKey { file: string }

/**
 * Embedded mode's first start: with no partner at all, nobody could call the API, so one admin partner and
 * key are created and the key is written to DATA_DIR/admin-key.json (owner-only). Returns null when a
 * partner exists already (any later start), so nothing is created or shown twice.
 *
 * The file is written inside the transaction: if it cannot be written, nothing is committed and the next
 * start tries again, rather than leaving an admin whose key nobody ever saw.
 */
export async function createFirstAdmin (db: Database, pepper: KeyObject, dataDir: string, log: Logger): Promise<FirstAdmin | null> {
  const file = path.join(dataDir, ADMIN_KEY_FILE)
  return await withContext(db, SYSTEM_CONTEXT, async (tx) => {
    if (await countPartners(tx) > 0) return null
    const issued = await createPartnerWithKey(db, pepper, { name: FIRST_ADMIN_NAME, role: 'admin', label: 'created at first start', via: 'first-start' }, tx)
    const { partnerId, apiKeyId, apiKey } = issued
    const content = JSON.stringify({ partnerId, apiKeyId, apiKey }, null, 2) + '\n'
    try {
      // 'wx': never follow a planted symlink or overwrite another file; 0600: the key is the owner's only.
      await fs.writeFile(file, content, { flag: 'wx', mode: 0o600 })
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      // A file left over from a data folder whose database was deleted: its key opens nothing any more.
      log.warn({ file }, 'replacing an admin key file from an earlier database that no longer has any partner')
      await fs.rm(file, { force: true })
      await fs.writeFile(file, content, { flag: 'wx', mode: 0o600 })
    }
    return { partnerId, apiKeyId, apiKey, file }
  })
}

/**
 * Shows the first admin key once. On a terminal, a person is watching: the key is printed in a block. Otherwise
 * stdout is probably collected by a log shipper, so only the file's path is logged; the key never goes
 * through the logger, which could send it anywhere.
 */
export function announceFirstAdmin (admin: FirstAdmin, out: { isTTY?: boolean, write: (text: string) => unknown }, log: Logger, baseUrl: string): void {
  if (out.isTTY === true) {
    const rule = '─'.repeat(78)
    out.write([
      '', rule,
      ` First start: created the partner "${FIRST_ADMIN_NAME}" with an admin API key.`,
      ' It is shown only this once (a copy is in the owner-only file below):',
      '',
      `   ${admin.apiKey}`,
      '',
      ` File: ${admin.file}`,
      ` Try:  curl -H "Authorization: Bearer <the key>" ${baseUrl}/v1/partners`,
      ' Store the key somewhere safe, then delete the file.',
      rule, ''
    ].join('\n') + '\n')
    return
  }
  log.info({ file: admin.file, partnerId: admin.partnerId, apiKeyId: admin.apiKeyId }, 'first start: created an admin partner; its API key is in the owner-only file (store it safely, then delete the file)')
}
