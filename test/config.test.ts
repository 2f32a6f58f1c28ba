import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CONFIG_VARIABLES, ConfigError, describeMode, loadConfig } from '../src/config.ts'

describe('loadConfig', () => {
  it('defaults to embedded mode: PGlite in ./data and the in-process queue', () => {
    const config = loadConfig({})
    expect(config.database.kind).toBe('pglite')
    expect(config.redis).toBeNull()
    expect(config.port).toBe(3000)
    expect(config.dataDir.endsWith('/data')).toBe(true)
    expect(describeMode(config)).toMatch(/^embedded mode: embedded PGlite in .*pglite, in-process scoring queue$/)
  })

  it('uses PostgreSQL and BullMQ when both URLs are set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@db:5432/rnm', REDIS_URL: 'redis://cache:6379', PORT: '8080' })
    expect(config.database).toMatchObject({ kind: 'postgres', url: 'postgres://u@db:5432/rnm', poolMax: 10 })
    expect(config.redis).toEqual({ url: 'redis://cache:6379', prefix: 'rnm' })
    expect(config.port).toBe(8080)
    expect(describeMode(config)).toBe('production mode: PostgreSQL, BullMQ on Redis')
  })

  it('scores 64 jobs at once in a BullMQ worker and 16 in embedded mode unless SCORING_CONCURRENCY says otherwise', () => {
    expect(loadConfig({}).scoringConcurrency).toBe(16)
    expect(loadConfig({ REDIS_URL: 'redis://cache:6379' }).scoringConcurrency).toBe(64)
    expect(loadConfig({ REDIS_URL: 'redis://cache:6379', SCORING_CONCURRENCY: '8' }).scoringConcurrency).toBe(8)
    expect(() => loadConfig({ SCORING_CONCURRENCY: '0' })).toThrow(ConfigError)
  })

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'mysql://u@h/db' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'http://cache' }, 'REDIS_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ DOCS_ENABLED: 'maybe' }, 'DOCS_ENABLED'],
    [{ NODE_ENV: 'production', DATABASE_URL: 'postgres://u@h/db' }, 'ENCRYPTION_KEYS']
  ])('rejects %j naming %s', (env, variable) => {
    let error: unknown
    try { loadConfig(env) } catch (err) { error = err }
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).variable).toBe(variable)
    expect((error as Error).message.startsWith(`${variable}: `)).toBe(true)
    expect((error as Error).message).not.toContain('\n')
  })

  it('treats an empty variable as unset (compose passes FOO= for unset interpolations)', () => {
    expect(loadConfig({ REDIS_URL: '' }).redis).toBeNull()
  })

  it('never echoes a secret-looking value in its error', () => {
    // secretlint-disable-next-line -- a made-up password, the point of the test
    expect(() => loadConfig({ DATABASE_URL: 'postgres://user:hunter2@' })).toThrow(/^DATABASE_URL: /)
    // secretlint-disable-next-line -- a made-up password, the point of the test
    try { loadConfig({ DATABASE_URL: 'postgres://user:hunter2@' }) } catch (err) { expect((err as Error).message).not.toContain('hunter2') }
  })

  it('is documented: every variable appears in the README configuration table', () => {
    const readme = fs.readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    for (const variable of CONFIG_VARIABLES) expect(readme, variable).toContain(`| \`${variable}\``)
  })
})
