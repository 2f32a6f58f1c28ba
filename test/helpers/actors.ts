import { generateApiKey, hashSecret, loadCryptoSecrets } from '../../src/crypto/index.ts'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { apiKeys, partners } from '../../src/db/schema.ts'
import type { TestContext } from './app.ts'
import { openTestDatabase } from './db.ts'

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

/** The first admin, as the admin command line would create it (there is no API key before it). */
export async function seedAdmin (ctx: TestContext, name = 'Coalition secretariat'): Promise<{ partnerId: string, token: string }> {
  const key = generateApiKey()
  return await withContext(ctx.database.db, SYSTEM_CONTEXT, async (tx) => {
    const [partner] = await tx.insert(partners).values({ name }).returning()
    await tx.insert(apiKeys).values({ partnerId: partner!.id, keyId: key.keyId, secretHash: hashSecret(ctx.secrets.apiKeyPepper, key.secret), role: 'admin' })
    return { partnerId: partner!.id, token: key.token }
  })
}

export interface PartnerKey { partnerId: string, token: string, apiKeyId: string }

/** A partner and a key made through the admin API, as an operator would. */
export async function createPartner (ctx: TestContext, adminToken: string, name: string, role: 'reporter' | 'analyst' | 'admin' = 'reporter'): Promise<PartnerKey> {
  const partner = await ctx.app.inject({ method: 'POST', url: '/v1/partners', headers: bearer(adminToken), payload: { name } })
  if (partner.statusCode !== 201) throw new Error(`createPartner: ${partner.statusCode} ${partner.body}`)
  const partnerId = partner.json().id as string
  return { partnerId, ...await createKey(ctx, adminToken, partnerId, role) }
}

export async function createKey (ctx: TestContext, adminToken: string, partnerId: string, role: 'reporter' | 'analyst' | 'admin'): Promise<{ token: string, apiKeyId: string }> {
  const key = await ctx.app.inject({ method: 'POST', url: `/v1/partners/${partnerId}/api-keys`, headers: bearer(adminToken), payload: { role } })
  if (key.statusCode !== 201) throw new Error(`createKey: ${key.statusCode} ${key.body}`)
  return { token: key.json().apiKey as string, apiKeyId: key.json().id as string }
}

/** A reporter key written straight into a database a spawned service uses, as the admin command line would. */
export async function seedReporter (url: string, secretsEnv: Record<string, string>, name = 'Example partner'): Promise<string> {
  const database = await openTestDatabase(url)
  try {
    const key = generateApiKey()
    const pepper = loadCryptoSecrets(secretsEnv).apiKeyPepper
    await withContext(database.db, SYSTEM_CONTEXT, async (tx) => {
      const [partner] = await tx.insert(partners).values({ name }).returning()
      await tx.insert(apiKeys).values({ partnerId: partner!.id, keyId: key.keyId, secretHash: hashSecret(pepper, key.secret), role: 'reporter' })
    })
    return key.token
  } finally {
    await database.close()
  }
}
