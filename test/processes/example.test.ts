import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateCryptoSecretsEnv } from '../../src/crypto/index.ts'
import { seedReporter } from '../helpers/actors.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts'
import { freePort, httpStatus, startProcess, waitFor, type RunningProcess } from '../helpers/process.ts'

const NAME_IN_EXAMPLE = 'Aslan Example'

describe('examples/file-and-score.ts against the real service', () => {
  let testDatabase: TestDatabase
  let guard: pg.Client | undefined
  let server: RunningProcess
  let baseUrl: string
  let token: string

  beforeAll(async () => {
    testDatabase = await createTestDatabase()
    const secretsEnv = generateCryptoSecretsEnv()
    // A session held open to the end: a concurrent run's global setup drops idle rnm_t_* databases as leftovers.
    guard = new pg.Client({ connectionString: testDatabase.url })
    await guard.connect()
    token = await seedReporter(testDatabase.url, secretsEnv)
    const port = await freePort()
    baseUrl = `http://127.0.0.1:${port}`
    // Production mode on PostgreSQL; no REDIS_URL, so scoring runs on the in-process queue of this one process.
    server = startProcess(['node', '--import', 'tsx', 'src/server.ts'], {
      ...secretsEnv, NODE_ENV: 'production', DATABASE_URL: testDatabase.url, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info'
    })
    await waitFor(async () => await httpStatus(`${baseUrl}/health/ready`) === 200, 30_000, 'service ready')
      .catch((err: Error) => { throw new Error(`${err.message}\n${server.output().slice(0, 3000)}`) })
  }, 60_000)

  afterAll(async () => {
    if (server !== undefined) {
      await Promise.race([server.stop(), new Promise((resolve) => setTimeout(resolve, 15_000))])
      server.child.kill('SIGKILL')
    }
    await guard?.end()
    await testDatabase?.drop()
  }, 30_000)

  it('files a report with an Idempotency-Key, reads it back and polls its score; prints JSON lines without identities', async () => {
    const example = startProcess(['node', '--import', 'tsx', 'examples/file-and-score.ts'], {
      RNM_URL: baseUrl, RNM_API_KEY: token, RNM_SCORE_TIMEOUT_MS: '15000'
    })
    const { code } = await example.exited
    const output = example.output()
    expect(code, output).toBe(0)
    const lines = output.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(lines.map((line) => line.step)).toEqual(['file', 'read', 'score'])
    const [filed, read, score] = lines as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>]

    expect(filed).toMatchObject({ ok: true, status: 201, revision: 1, location: `/v1/red-notices/${String(filed.id)}` })
    expect(read).toMatchObject({ ok: true, status: 200, id: filed.id, etag: '"1"', identitiesIntact: true })

    // The in-process queue scores the report well within the poll window.
    expect(score).toMatchObject({ ok: true, status: 200, band: expect.stringMatching(/^(low|elevated|high|critical)$/) })
    expect(score.score).toBeGreaterThanOrEqual(0)
    expect(score.score).toBeLessThanOrEqual(100)
    expect(score.contributions).toBeGreaterThan(0)

    // The person named in the example reaches neither the client's output nor the service's logs.
    expect(output).not.toContain(NAME_IN_EXAMPLE)
    expect(server.output()).not.toContain(NAME_IN_EXAMPLE)
  }, 60_000)

  it('exits 2 naming the variable when RNM_API_KEY is missing', async () => {
    const example = startProcess(['node', '--import', 'tsx', 'examples/file-and-score.ts'], { RNM_URL: baseUrl })
    const { code } = await example.exited
    expect(code).toBe(2)
    expect(example.output()).toContain('RNM_API_KEY is not set')
  }, 30_000)
})
