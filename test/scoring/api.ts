import { generateApiKey, hashSecret } from '../../src/crypto/index.ts'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { insertApiKey } from '../../src/db/queries/api-keys.ts'
import type { TestContext } from '../helpers/app.ts'
import { insertPartner } from './fixtures.ts'

/** The first admin key, inserted directly as the admin command line would. */
export async function insertAdminKey (ctx: TestContext): Promise<string> {
  const partnerId = await insertPartner(ctx.database.db, `admin-${Math.random()}`)
  const key = generateApiKey()
  await withContext(ctx.database.db, SYSTEM_CONTEXT, (tx) => insertApiKey(tx, {
    partnerId, keyId: key.keyId, secretHash: hashSecret(ctx.secrets.apiKeyPepper, key.secret), role: 'admin', label: 'test'
  }))
  return key.token
}

/** A partner and one key of the given role, through the API. */
export async function createPartnerWithKey (ctx: TestContext, adminToken: string, role: 'reporter' | 'analyst' | 'admin'): Promise<{ partnerId: string, token: string }> {
  const partner = await ctx.app.inject({ method: 'POST', url: '/v1/partners', headers: bearer(adminToken), payload: { name: `ngo-${Math.random()}` } })
  if (partner.statusCode !== 201) throw new Error(`partner: ${partner.statusCode} ${partner.body}`)
  const partnerId = partner.json<{ id: string }>().id
  const key = await ctx.app.inject({ method: 'POST', url: `/v1/partners/${partnerId}/api-keys`, headers: bearer(adminToken), payload: { role } })
  if (key.statusCode !== 201) throw new Error(`key: ${key.statusCode} ${key.body}`)
  return { partnerId, token: key.json<{ apiKey: string }>().apiKey }
}

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` })
