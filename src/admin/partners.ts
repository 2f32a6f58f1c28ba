import type { KeyObject } from 'node:crypto'
import { generateApiKey, hashSecret } from '../crypto/index.ts'
import type { Database } from '../db/client.ts'
import { SYSTEM_CONTEXT, withContext, type Transaction } from '../db/context.ts'
import { insertApiKey, KEY_SIDE_CONFLICT, listApiKeys, revokeApiKey, type Role } from '../db/queries/api-keys.ts'
import { recordAudit } from '../db/queries/audit.ts'
import { findPartner, findPartnerByName, insertPartner, listPartners } from '../db/queries/partners.ts'

/**
 * Partner and key operations that must work before any API key exists: the admin command line and the
 * embedded first start. They act in the system context with no actor; the audit events say how they came
 * (`details.via`), so an auditor can tell them from API calls.
 */
export type AdminChannel = 'cli' | 'first-start'

/** A failure the operator can act on; its message is ours and safe to print. */
export class AdminError extends Error {
  constructor (message: string, readonly exitCode = 1) {
    super(message)
    this.name = 'AdminError'
  }
}

export interface IssuedKey {
  partnerId: string
  apiKeyId: string
  /** The token itself: the caller shows it once and never logs it. */
  apiKey: string
}

async function issue (tx: Transaction, pepper: KeyObject, params: { partnerId: string, role: Role, label: string | null, via: AdminChannel }): Promise<IssuedKey> {
  const key = generateApiKey()
  const row = await insertApiKey(tx, { partnerId: params.partnerId, keyId: key.keyId, secretHash: hashSecret(pepper, key.secret), role: params.role, label: params.label })
  if (row === null) throw new AdminError(KEY_SIDE_CONFLICT)
  await recordAudit(tx, {
    actorPartnerId: null,
    actorKeyId: null,
    action: 'api_key.created',
    targetKind: 'api_key',
    targetId: row.id,
    details: { role: row.role, partnerId: row.partnerId, via: params.via }
  })
  return { partnerId: row.partnerId, apiKeyId: row.id, apiKey: key.token }
}

export interface CreatePartnerParams {
  name: string
  role: Role
  label?: string | null
  /** Issue the key to a partner of that name if it exists, instead of failing. */
  existing?: boolean
  via: AdminChannel
}

/** Creates a partner (or, with `existing`, reuses one of that name) and issues it a key, in one transaction. */
export async function createPartnerWithKey (db: Database, pepper: KeyObject, params: CreatePartnerParams, tx?: Transaction): Promise<IssuedKey & { partnerCreated: boolean }> {
  const run = async (tx: Transaction): Promise<IssuedKey & { partnerCreated: boolean }> => {
    let partnerId: string
    let partnerCreated = false
    const created = await insertPartner(tx, params.name)
    if (created !== null) {
      partnerId = created.id
      partnerCreated = true
      await recordAudit(tx, { actorPartnerId: null, actorKeyId: null, action: 'partner.created', targetKind: 'partner', targetId: created.id, details: { via: params.via } })
    } else {
      const found = await findPartnerByName(tx, params.name)
      // Unreachable unless the name was deleted between the insert and this read; say so rather than guess.
      if (found === null) throw new AdminError('the partner name conflicts but no partner of that name is readable; try again')
      if (params.existing !== true) throw new AdminError(`a partner with this name exists already (id ${found.id}); pass --existing to issue it a new key`)
      partnerId = found.id
    }
    const key = await issue(tx, pepper, { partnerId, role: params.role, label: params.label ?? null, via: params.via })
    return { ...key, partnerCreated }
  }
  return tx === undefined ? await withContext(db, SYSTEM_CONTEXT, run) : await run(tx)
}

export async function createKey (db: Database, pepper: KeyObject, params: { partnerId: string, role: Role, label?: string | null, via: AdminChannel }): Promise<IssuedKey> {
  return await withContext(db, SYSTEM_CONTEXT, async (tx) => {
    if (await findPartner(tx, params.partnerId) === null) throw new AdminError(`no partner with id ${params.partnerId}`)
    return await issue(tx, pepper, { partnerId: params.partnerId, role: params.role, label: params.label ?? null, via: params.via })
  })
}

/** Revokes a key (by its id, as list-partners shows it); effective on the next request: revokeApiKey's notice makes every service process forget it. */
export async function revokeKey (db: Database, params: { apiKeyId: string, via: AdminChannel }): Promise<void> {
  await withContext(db, SYSTEM_CONTEXT, async (tx) => {
    if (!await revokeApiKey(tx, params.apiKeyId)) throw new AdminError(`no active API key with id ${params.apiKeyId}`)
    await recordAudit(tx, { actorPartnerId: null, actorKeyId: null, action: 'api_key.revoked', targetKind: 'api_key', targetId: params.apiKeyId, details: { via: params.via } })
  })
}

export interface PartnerListing {
  id: string
  name: string
  createdAt: string
  keys: Array<{ id: string, role: Role, label: string | null, createdAt: string, revokedAt: string | null }>
}

/** Every partner with its keys (never the keys themselves): what an operator needs to pick a key to revoke. */
export async function listPartnersWithKeys (db: Database): Promise<PartnerListing[]> {
  return await withContext(db, SYSTEM_CONTEXT, async (tx) => {
    const out: PartnerListing[] = []
    let after: string | undefined
    for (;;) {
      const rows = await listPartners(tx, { after, limit: 200 })
      for (const partner of rows) {
        const keys = await listApiKeys(tx, partner.id)
        out.push({
          id: partner.id,
          name: partner.name,
          createdAt: partner.createdAt.toISOString(),
          keys: keys.map((k) => ({ id: k.id, role: k.role, label: k.label, createdAt: k.createdAt.toISOString(), revokedAt: k.revokedAt?.toISOString() ?? null }))
        })
      }
      const last = rows[rows.length - 1]
      if (last === undefined || rows.length < 200) return out
      after = last.id
    }
  })
}
