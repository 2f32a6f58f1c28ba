import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest'
import pg from 'pg'
import { parse } from 'yaml'
import { CONFIG_VARIABLES, SECRET_FILE_VARIABLES } from '../../src/config.ts'
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
  expose?: string[]
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
      for (const variable of Object.keys(service(name).environment ?? {})) expect([...CONFIG_VARIABLES, ...SECRET_FILE_VARIABLES], `${name}.${variable}`).toContain(variable)
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
    // Published on the host's loopback only: TLS is a reverse proxy's on the host.
    // eslint-disable-next-line no-template-curly-in-string -- a compose interpolation, not a JS template
    expect(service('api').ports).toEqual(['127.0.0.1:${API_PORT:-3000}:3000'])
    expect(service('api').environment?.HOST).toBe('0.0.0.0')
  })

  it('gives the worker a health check on its metrics port, which is exposed to the compose network and never published', () => {
    const worker = service('worker')
    const port = worker.environment?.WORKER_METRICS_PORT
    expect(port).toBe('9464')
    expect(worker.healthcheck?.test.join(' ')).toContain(`http://127.0.0.1:${port}/health/ready`)
    expect(worker.ports).toBeUndefined()
    expect(worker.expose).toEqual([port])
    // Prometheus on the compose network needs the token; so does the API's /metrics.
    expect(worker.environment?.METRICS_TOKEN).toMatch(/^\$\{METRICS_TOKEN:\?/)
    expect(service('api').environment?.METRICS_TOKEN).toMatch(/^\$\{METRICS_TOKEN:\?/)
  })

  it('migrates as the owner and runs the api and worker as the login role that migrate creates', () => {
    const userOf = (url: string | undefined): string => new URL((url ?? '').replace(/\$\{[^}]*\}/g, 'x')).username
    const owner = userOf(service('migrate').environment?.DATABASE_URL)
    const appRole = userOf(service('migrate').environment?.APP_DATABASE_URL)
    expect(owner).toBe(service('postgres').environment?.POSTGRES_USER)
    expect(appRole).not.toBe(owner)
    expect(userOf(service('api').environment?.DATABASE_URL)).toBe(appRole)
    expect(userOf(service('worker').environment?.DATABASE_URL)).toBe(appRole)
    // Only migrate, as the owner, knows how to make the role; the api and worker merely use it.
    expect(service('api').environment?.APP_DATABASE_URL).toBeUndefined()
    expect(service('migrate').environment?.APP_DATABASE_URL).toBe(service('api').environment?.DATABASE_URL)
  })

  it('builds a multi-stage Node 24 image that runs as non-root with production dependencies only', () => {
    const stages = dockerfile.match(/^FROM node:24\S* AS \w+$/gm) ?? []
    expect(stages.length).toBeGreaterThanOrEqual(2)
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev/m)
    expect(dockerfile).toMatch(/^USER node$/m)
    expect(dockerfile.lastIndexOf('USER node')).toBeGreaterThan(dockerfile.lastIndexOf('COPY'))
  })
})

async function asAdmin<T> (fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('pgAdminUrl') })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

describe('each compose service command, run against the local servers', () => {
  let database: TestDatabase
  let env: Record<string, string>
  let appUrl: string
  // Roles are the server's, not the database's: a name of this run's own, dropped afterwards.
  const appRole = `rnm_service_t_${randomBytes(4).toString('hex')}`
  beforeAll(async () => {
    database = await createTestDatabase({ empty: true })
    const url = new URL(database.url)
    url.username = appRole
    url.password = randomBytes(12).toString('hex')
    appUrl = url.toString()
    env = {
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      DATABASE_URL: database.url,
      METRICS_TOKEN: randomBytes(24).toString('hex'),
      REDIS_URL: inject('redisUrl'),
      QUEUE_PREFIX: `compose-${randomBytes(4).toString('hex')}`,
      ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
      API_KEY_PEPPER: randomBytes(32).toString('base64')
    }
  })
  afterAll(async () => {
    await database.drop()
    await asAdmin(async (admin) => { await admin.query(`drop role if exists "${appRole}"`) })
    // The shared Redis keeps nothing of this test: the worker's maintenance queue and scheduler live under the prefix.
    await removeQueueKeys(env.REDIS_URL!, env.QUEUE_PREFIX!)
  })

  it('api on a database that migrate has not run on: not ready, and it says why in words', async () => {
    const port = await freePort()
    const api = startProcess(service('api').command ?? [], { ...env, HOST: '127.0.0.1', PORT: String(port) })
    try {
      await waitFor(async () => await httpStatus(`http://127.0.0.1:${port}/health/live`) === 200, 60_000, 'api live')
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`)
      expect(ready.status).toBe(503)
      expect(((await ready.json()) as { checks: { migrations: string } }).checks.migrations).toBe('missing')
      expect(api.output()).toContain('the database is not migrated')
      expect(api.output()).toContain('npm run migrate')
    } finally {
      api.child.kill('SIGKILL')
      await api.exited
    }
  }, 180_000)

  it('migrate against a database that does not exist exits 1 and says so in words beside the SQLSTATE', async () => {
    const missing = new URL(database.url)
    missing.pathname = `/${database.name}_missing`
    const migrate = startProcess(service('migrate').command ?? [], { ...env, DATABASE_URL: missing.toString() })
    const { code } = await migrate.exited
    expect(code, migrate.output()).toBe(1)
    expect(migrate.output()).toContain('start-up failed: could not apply the migrations: the database named in DATABASE_URL does not exist (3D000)')
  }, 180_000)

  it('migrate applies the migrations, creates the application login role, and exits 0, twice', async () => {
    for (let run = 0; run < 2; run++) {
      const migrate = startProcess(service('migrate').command ?? [], { ...env, APP_DATABASE_URL: appUrl })
      const { code } = await migrate.exited
      expect(code, migrate.output()).toBe(0)
      expect(migrate.output()).toContain('application login role ready')
    }
    const role = await asAdmin(async (admin) => (await admin.query(
      `select r.rolsuper, r.rolbypassrls, r.rolcreaterole, r.rolcreatedb, r.rolcanlogin,
              array(select g.rolname from pg_auth_members m join pg_roles g on g.oid = m.roleid where m.member = r.oid)::text[] as member_of
         from pg_roles r where r.rolname = $1`, [appRole])).rows[0])
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false, rolcanlogin: true, member_of: ['rnm_app'] })
  }, 180_000)

  it('api and worker come up as the non-superuser role, the worker is healthy, and both exit 0 within 10 s of SIGTERM', async () => {
    const port = await freePort()
    const metricsPort = await freePort()
    const appEnv = { ...env, DATABASE_URL: appUrl }
    const api = startProcess(service('api').command ?? [], { ...appEnv, HOST: '127.0.0.1', PORT: String(port) })
    const worker = startProcess(service('worker').command ?? [], { ...appEnv, HOST: '127.0.0.1', WORKER_METRICS_PORT: String(metricsPort) })
    try {
      await waitFor(async () => await httpStatus(`http://127.0.0.1:${port}/health/ready`) === 200, 60_000, 'api ready')
      await waitFor(() => worker.output().includes('scoring worker started'), 60_000, 'worker started')
      // The compose health check's request, against this worker's port.
      await waitFor(async () => await httpStatus(`http://127.0.0.1:${metricsPort}/health/ready`) === 200, 60_000, 'worker ready')
      expect(await httpStatus(`http://127.0.0.1:${metricsPort}/metrics`)).toBe(401)
      expect(await httpStatus(`http://127.0.0.1:${metricsPort}/metrics`, { headers: { authorization: `Bearer ${env.METRICS_TOKEN!}` } })).toBe(200)
      expect(await httpStatus(`http://127.0.0.1:${port}/metrics`)).toBe(401)
      expect(await httpStatus(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${env.METRICS_TOKEN!}` } })).toBe(200)
      // Every session the api and worker hold logged in as the application role, none as the owner.
      const sessions = await asAdmin(async (admin) => (await admin.query(
        "select distinct usename from pg_stat_activity where datname = $1 and application_name = 'red-notice-monitor'", [database.name])).rows)
      expect(sessions).toEqual([{ usename: appRole }])
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
  }, 180_000)
})
