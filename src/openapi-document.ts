import pg from 'pg'
import { buildApp } from './app.ts'
import { loadConfig } from './config.ts'
import { generateCryptoSecretsEnv, loadCryptoSecrets } from './crypto/index.ts'
import { createLogger } from './logger.ts'
import type { DatabaseHandle } from './db/client.ts'
import type { ScoringQueue } from './queue/types.ts'
import { drizzle } from 'drizzle-orm/node-postgres'
import type { Database } from './db/client.ts'

/**
 * Builds the app on inert dependencies (a pool that is never queried, a queue that takes nothing)
 * and returns its OpenAPI document, formatted as committed in openapi/openapi.json.
 */
export async function renderOpenApiDocument (): Promise<string> {
  const config = loadConfig({ NODE_ENV: 'test', DOCS_ENABLED: 'false' })
  const pool = new pg.Pool({ connectionString: 'postgres://unused@127.0.0.1:1/unused' })
  const database: DatabaseHandle = {
    kind: 'postgres',
    db: drizzle({ client: pool }) as unknown as Database,
    ping: async () => {},
    migrate: async () => {},
    migrationState: async () => ({ state: 'current', applied: 0, shipped: 0 }),
    close: async () => { await pool.end() }
  }
  const queue: ScoringQueue = {
    transport: 'in-process',
    enqueue: async () => {},
    ping: async () => {},
    backlog: async () => 0,
    counts: async () => ({}),
    close: async () => {}
  }
  const secrets = loadCryptoSecrets(generateCryptoSecretsEnv())
  const app = await buildApp({ config, database, queue, secrets, logger: createLogger('silent') })
  await app.ready()
  const document = JSON.stringify(app.swagger(), null, 2) + '\n'
  await app.close()
  await database.close()
  return document
}
