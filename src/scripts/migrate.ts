import { openDatabase } from '../db/client.ts'
import { createLogger } from '../logger.ts'
import { loadConfigOrExit } from './load-config.ts'

const config = loadConfigOrExit()
const logger = createLogger(config.logLevel)
const database = await openDatabase(
  config.database.kind === 'pglite' ? config.database : { ...config.database, poolMax: 1, statementTimeoutMs: 600_000 },
  logger
)
try {
  await database.migrate()
  logger.info({ storage: config.database.kind }, 'migrations applied')
} finally {
  await database.close()
}
