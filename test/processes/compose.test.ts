import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest'
import { parse } from 'yaml'
import { CONFIG_VARIABLES } from '../../src/config.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts'
import { REPO_ROOT, freePort, httpStatus, startProcess, waitFor } from '../helpers/process.ts'
import { removeQueueKeys } from './worker-helpers.ts'

interface Service {
  image?: string
  build?: string
  command?: string[]
  environment?: Record<string, string>
  depends_on?: Record<string, { condition: string }>
  healthcheck?: { test: string[] }
  volumes?: string[]
  ports?: string[]
}

const compose = parse(fs.readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> }
const scripts = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts
const dockerfile = fs.readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8')
const service = (name: string): Service => {
  const found = compose.services[name]
  if (found === undefined) throw new Error(`docker-compose.yml has no ${name} service`)
  return found
}
const APP_SERVICES = { migrate: 'migrate', api: 'start', worker: 'worker' } as const

describe('docker-compose.yml and Dockerfile agree with the code', () => {
  it('has postgres, redis, migrate, api and worker', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'migrate', 'postgres', 'redis', 'worker'])
  })

  it.each(Object.entries(APP_SERVICES))('%s runs the same command as `npm run %s`, and its entry file exists', (name, script) => {
    const command = service(name).command ?? []
    expect(command.join(' ')).toBe(scripts[script])
    const entry = command.find((part) => part.endsWith('.ts'))
    expect(entry && fs.existsSync(path.join(REPO_ROOT, entry))).toBe(true)
    expect(dockerfile).toContain(`COPY --chown=root:root ${entry?.split('/')[0]} `)
  })

  it('uses only environment variables that config knows', () => {
    for (const name of Object.keys(APP_SERVICES)) {
      for (const variable of Object.keys(service(name).environment ?? {})) expect(CONFIG_VARIABLES, `${name}.${variable}`).toContain(variable)
    }
  })

  it('starts api and worker only after healthy postgres and redis and a completed migrate', () => {
    for (const name of ['api', 'worker']) {
      expect(service(name).depends_on).toEqual({
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
        migrate: { condition: 'service_completed_successfully' }
      })
    }
    expect(service('migrate').depends_on).toEqual({ postgres: { condition: 'service_healthy' } })
  })

  it('gives postgres a volume and a health check, redis AOF and noeviction, api a health check and a port', () => {
    expect(service('postgres').volumes?.[0]).toMatch(/:\/var\/lib\/postgresql\/data$/)
    expect(service('postgres').healthcheck?.test.join(' ')).toContain('pg_isready')
    const redis = service('redis').command?.join(' ') ?? ''
    expect(redis).toContain('--appendonly yes')
    expect(redis).toContain('--maxmemory-policy noeviction')
    expect(service('redis').healthcheck?.test.join(' ')).toContain('ping')
    expect(service('api').healthcheck?.test.join(' ')).toContain('/health/ready')
    // eslint-disable-next-line no-template-curly-in-string -- a compose interpolation, not a JS template
    expect(service('api').ports).toEqual(['${API_PORT:-3000}:3000'])
    expect(service('api').environment?.HOST).toBe('0.0.0.0')
  })

  it('builds a multi-stage Node 24 image that runs as non-root with production dependencies only', () => {
    const stages = dockerfile.match(/^FROM node:24\S* AS \w+$/gm) ?? []
    expect(stages.length).toBeGreaterThanOrEqual(2)
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev/m)
    expect(dockerfile).toMatch(/^USER node$/m)
    expect(dockerfile.lastIndexOf('USER node')).toBeGreaterThan(dockerfile.lastIndexOf('COPY'))
  })
})

describe('each compose service command, run against the local servers', () => {
  let database: TestDatabase
  let env: Record<string, string>
  beforeAll(async () => {
    database = await createTestDatabase({ empty: true })
    env = {
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      DATABASE_URL: database.url,
      REDIS_URL: inject('redisUrl'),
      QUEUE_PREFIX: `compose-${randomBytes(4).toString('hex')}`,
      ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
      API_KEY_PEPPER: randomBytes(32).toString('base64')
    }
  })
  afterAll(async () => {
    await database.drop()
    // The shared Redis keeps nothing of this test: the worker's maintenance queue and scheduler live under the prefix.
    await removeQueueKeys(env.REDIS_URL!, env.QUEUE_PREFIX!)
  })

  it('migrate applies the migrations and exits 0, twice', async () => {
    for (let run = 0; run < 2; run++) {
      const migrate = startProcess(service('migrate').command ?? [], env)
      const { code } = await migrate.exited
      expect(code, migrate.output()).toBe(0)
    }
  }, 60_000)

  it('api and worker come up, and both exit 0 within 10 s of SIGTERM', async () => {
    const port = await freePort()
    const api = startProcess(service('api').command ?? [], { ...env, HOST: '127.0.0.1', PORT: String(port) })
    const worker = startProcess(service('worker').command ?? [], env)
    try {
      await waitFor(async () => await httpStatus(`http://127.0.0.1:${port}/health/ready`) === 200, 20_000, 'api ready')
      await waitFor(() => worker.output().includes('scoring worker started'), 20_000, 'worker started')
      expect(api.output()).toContain('production mode: PostgreSQL, BullMQ on Redis')
      const [apiExit, workerExit] = await Promise.all([api.stop(), worker.stop()])
      expect(apiExit.code, api.output()).toBe(0)
      expect(workerExit.code, worker.output()).toBe(0)
      expect(apiExit.ms).toBeLessThan(10_000)
      expect(workerExit.ms).toBeLessThan(10_000)
    } finally {
      api.child.kill('SIGKILL')
      worker.child.kill('SIGKILL')
    }
  }, 60_000)
})
