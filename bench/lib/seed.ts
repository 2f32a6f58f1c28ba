import { generateApiKey, hashSecret, loadCryptoSecrets } from '../../src/crypto/index.ts'
import type { Database } from '../../src/db/client.ts'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { apiKeys, partners } from '../../src/db/schema.ts'

/** A reporter partner and key written straight into the database, as the admin command line does. */
export async function seedReporter (db: Database, secretsEnv: Record<string, string>): Promise<string> {
  const key = generateApiKey()
  const pepper = loadCryptoSecrets(secretsEnv).apiKeyPepper
  await withContext(db, SYSTEM_CONTEXT, async (tx) => {
    const [partner] = await tx.insert(partners).values({ name: 'Benchmark partner' }).returning()
    await tx.insert(apiKeys).values({ partnerId: partner!.id, keyId: key.keyId, secretHash: hashSecret(pepper, key.secret), role: 'reporter' })
  })
  return key.token
}
