import { randomBytes } from 'node:crypto'
import { generateCryptoSecretsEnv } from '../../src/crypto/index.ts'
import { openDatabase } from '../../src/db/client.ts'
import { createLogger } from '../../src/logger.ts'
import type { Cleanup } from './cleanup.ts'
import { createBenchDatabase, type BenchDatabase } from './postgres.ts'
import { deletePrefix, REDIS_URL } from './redis.ts'
import { seedReporter } from './seed.ts'

/** A Redis key prefix of the run's own, whose keys are deleted when the run ends. */
export function benchPrefix (cleanup: Cleanup): string {
  const prefix = `rnm-bench-${randomBytes(6).toString('hex')}`
  cleanup.add(async () => { console.log(`removed ${await deletePrefix(prefix)} Redis keys under ${prefix}:`) })
  return prefix
}

/**
 * The service's environment as in production, on this database and Redis prefix. Only the rate limit is
 * lifted, since measuring how fast one key meets its 429 is not the point (the limiter itself still runs).
 */
export function productionEnv (options: { secretsEnv: Record<string, string>, databaseUrl: string, prefix: string }): Record<string, string> {
  return {
    ...options.secretsEnv,
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    DATABASE_URL: options.databaseUrl,
    REDIS_URL,
    QUEUE_PREFIX: options.prefix,
    RATE_LIMIT_MAX: '1000000',
    DOCS_ENABLED: 'false'
  }
}

/** A fresh migrated database with a reporter key, and a Redis prefix: both removed at the end of the run. */
export async function reporterBench (cleanup: Cleanup): Promise<{ database: BenchDatabase, token: string, prefix: string, serviceEnv: Record<string, string> }> {
  const database = await createBenchDatabase()
  cleanup.add(() => database.drop())
  const secretsEnv = generateCryptoSecretsEnv()
  const handle = await openDatabase({ kind: 'postgres', url: database.url, poolMax: 1, statementTimeoutMs: 10_000 }, createLogger('silent'))
  const token = await seedReporter(handle.db, secretsEnv).finally(() => handle.close())
  const prefix = benchPrefix(cleanup)
  return { database, token, prefix, serviceEnv: productionEnv({ secretsEnv, databaseUrl: database.url, prefix }) }
}
