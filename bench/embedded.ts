/**
 * Embedded benchmark: POST /v1/red-notices through the real service in embedded mode (PGlite in a data
 * folder, in-process scoring queue), beside the bare baseline inserting the same JSON into its own PGlite.
 *
 *   npm run bench:embedded [-- --duration 10 --warmup 3 --connections 10,100 --profile /tmp/prof]
 *
 * PGlite is one session in one process, so connections only add queueing; both sides face the same limit.
 */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { generateCryptoSecretsEnv } from '../src/crypto/index.ts'
import { openDatabase } from '../src/db/client.ts'
import { createLogger } from '../src/logger.ts'
import { Cleanup } from './lib/cleanup.ts'
import { compare, created } from './lib/compare.ts'
import { benchOptions, profileFlags } from './lib/options.ts'
import { startServices, type Service } from './lib/processes.ts'
import { seedReporter } from './lib/seed.ts'

const options = benchOptions()
const cleanup = new Cleanup()

try {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'rnm-bench-embedded-'))
  cleanup.add(() => fs.rm(root, { recursive: true, force: true }))
  const dataDir = path.join(root, 'service')
  const secretsEnv = generateCryptoSecretsEnv()

  // The key goes in before the service starts: PGlite admits one process per data folder.
  const seeding = await openDatabase({ kind: 'pglite', dataDir: path.join(dataDir, 'pglite') }, createLogger('silent'))
  await seeding.migrate()
  const token = await seedReporter(seeding.db, secretsEnv).finally(() => seeding.close())

  const [service, bare] = await startServices([{
    name: 'service',
    script: 'src/server.ts',
    nodeFlags: profileFlags(options.profileDir),
    readyPath: '/health/ready',
    env: { ...secretsEnv, LOG_LEVEL: 'silent', DATA_DIR: dataDir, RATE_LIMIT_MAX: '1000000', DOCS_ENABLED: 'false' }
  }, {
    name: 'bare',
    script: 'bench/lib/bare-server.ts',
    readyPath: '/health/ready',
    env: { BARE_STORAGE: 'pglite', BARE_PGLITE_DIR: path.join(root, 'bare') }
  }], (started) => cleanup.add(() => started.stop())) as [Service, Service]

  const { results } = await compare({
    ...options,
    title: 'POST a red-notice report (embedded: PGlite, in-process queue)',
    label: 'embedded/bare',
    project: { target: 'embedded', url: `${service.url}/v1/red-notices`, headers: { authorization: `Bearer ${token}` }, pid: service.child.pid },
    baseline: { target: 'bare-pglite', url: `${bare.url}/bare/red-notices`, headers: {}, pid: bare.child.pid }
  })
  console.log(`measured 201s: ${created(results, 'embedded')}`)
  if (options.profileDir !== null) console.log(`CPU profile of the service process written to ${options.profileDir}`)
} finally {
  await cleanup.run()
}
