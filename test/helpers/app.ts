import { Writable } from 'node:stream'
import { buildApp, type App } from '../../src/app.ts'
import { loadConfig, type Config } from '../../src/config.ts'
import { generateCryptoSecretsEnv, loadCryptoSecrets, type CryptoSecrets } from '../../src/crypto/index.ts'
import { openDatabase, type DatabaseHandle } from '../../src/db/client.ts'
import { createLogger } from '../../src/logger.ts'
import { InProcessQueue } from '../../src/queue/in-process.ts'
import type { ScoringJob, ScoringQueue, WebhookQueue } from '../../src/queue/types.ts'
import { createTestDatabase, openTestDatabase, type TestDatabase } from './db.ts'

/** Every log line the app wrote, for assertions that nothing sensitive reached the logs. */
export class LogCapture extends Writable {
  readonly lines: string[] = []
  override _write (chunk: Buffer, _encoding: string, callback: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter((line) => line.length > 0))
    callback()
  }

  text (): string { return this.lines.join('\n') }
}

/** Records jobs instead of running them, for tests that assert what was enqueued. */
export class RecordingQueue implements ScoringQueue {
  readonly transport = 'in-process' as const
  readonly jobs: ScoringJob[] = []
  failing = false
  async enqueue (jobs: ScoringJob[]): Promise<void> {
    if (this.failing) throw new Error('queue down')
    this.jobs.push(...jobs)
  }

  async ping (): Promise<void> { if (this.failing) throw new Error('queue down') }
  async backlog (): Promise<number> { return this.jobs.length }
  async counts (): Promise<Record<string, number>> { return { waiting: this.jobs.length } }
  async close (): Promise<void> {}
}

export interface TestContext {
  app: App
  config: Config
  database: DatabaseHandle
  queue: ScoringQueue
  webhooks?: WebhookQueue
  logs: LogCapture
  secrets: CryptoSecrets
  testDatabase?: TestDatabase
  close (): Promise<void>
}

export async function createTestContext (options: {
  storage?: 'postgres' | 'pglite'
  queue?: ScoringQueue | ((database: DatabaseHandle, log: ReturnType<typeof createLogger>) => ScoringQueue)
  /** The webhook queue replays go to; made before the scoring queue, which may feed it. */
  webhooks?: (database: DatabaseHandle, log: ReturnType<typeof createLogger>, secrets: CryptoSecrets) => WebhookQueue
  env?: Record<string, string>
  /** Extra routes or hooks a test adds before the app is sealed. */
  extend?: (app: App) => Promise<void>
  /** The root secrets, e.g. the ones a spawned process got in its environment; fresh ones otherwise. */
  secrets?: CryptoSecrets
  /** A PostgreSQL database the test made (and drops) itself, e.g. to share it with a spawned process. */
  testDatabase?: TestDatabase
} = {}): Promise<TestContext> {
  const logs = new LogCapture()
  const logger = createLogger('debug', logs)
  const config = loadConfig({ NODE_ENV: 'test', ...options.env })
  let testDatabase: TestDatabase | undefined
  let database: DatabaseHandle
  if (options.testDatabase !== undefined) {
    database = await openTestDatabase(options.testDatabase.url)
  } else if ((options.storage ?? 'postgres') === 'postgres') {
    testDatabase = await createTestDatabase()
    database = await openTestDatabase(testDatabase.url)
  } else {
    database = await openDatabase({ kind: 'pglite', dataDir: 'memory://' }, logger)
    await database.migrate()
  }
  const secrets = options.secrets ?? loadCryptoSecrets(generateCryptoSecretsEnv())
  const webhooks = options.webhooks?.(database, logger, secrets)
  const queue = typeof options.queue === 'function'
    ? options.queue(database, logger)
    : options.queue ?? new InProcessQueue({ handler: async () => {}, concurrency: 1, log: logger })
  const app = await buildApp({ config, database, queue, webhooks, secrets, logger })
  await options.extend?.(app)
  await app.ready()
  return {
    app,
    config,
    database,
    queue,
    webhooks,
    logs,
    secrets,
    testDatabase: testDatabase ?? options.testDatabase,
    async close () {
      await app.close()
      await queue.close()
      await webhooks?.close()
      await database.close()
      await testDatabase?.drop()
    }
  }
}
