import { ensureAppLoginRole } from '../db/app-role.ts'
import { openDatabase } from '../db/client.ts'
import { startupStep } from '../explain-error.ts'
import { createLogger } from '../logger.ts'
import { loadConfigOrExit } from './load-config.ts'

const config = loadConfigOrExit()
const logger = createLogger(config.logLevel)
const database = await openDatabase(
  config.database.kind === 'pglite' ? config.database : { ...config.database, poolMax: 1, statementTimeoutMs: 600_000 },
  logger
)
try {
  await startupStep(logger, 'apply the migrations', async () => { await database.migrate() })
  logger.info({ storage: config.database.kind }, 'migrations applied')
  const appUrl = config.appDatabaseUrl
  if (appUrl !== null && config.database.kind === 'postgres') {
    const ownerUrl = config.database.url
    const role = await startupStep(logger, 'create the application login role of APP_DATABASE_URL', async () => await ensureAppLoginRole(ownerUrl, appUrl))
    logger.info({ role }, 'application login role ready (NOSUPERUSER, NOBYPASSRLS, member of rnm_app)')
  }
} finally {
  await database.close()
}
