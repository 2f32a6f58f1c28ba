import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CONFIG_VARIABLES, ConfigError, SECRET_VARIABLES, describeMode, loadConfig } from '../src/config.ts'

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

  it('is documented: every variable appears in a configuration table of the README or docs/operations.md', () => {
    const docs = ['../README.md', '../docs/operations.md']
      .map((file) => new URL(file, import.meta.url))
      .filter((url) => fs.existsSync(url))
      .map((url) => fs.readFileSync(url, 'utf8'))
      .join('\n')
    for (const variable of CONFIG_VARIABLES) expect(docs, variable).toContain(`| \`${variable}\``)
  })
})

describe('secrets from files (<NAME>_FILE)', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'rnm-secret-files-'))
  afterAll(() => { fs.rmSync(folder, { recursive: true, force: true }) })
  const write = (name: string, content: string): string => {
    const file = path.join(folder, name)
    fs.writeFileSync(file, content, { mode: 0o600 })
    return file
  }
  const KEY = Buffer.alloc(32, 7).toString('base64')

  it.each(SECRET_VARIABLES)('reads %s from %s_FILE, without the trailing newline', (name) => {
    const value = name.endsWith('_URL')
      ? (name === 'REDIS_URL' ? 'redis://:secret@cache:6379' : 'postgres://svc:secret@db:5432/rnm')
      : name === 'ENCRYPTION_KEYS' ? `k1:${KEY}` : name === 'METRICS_TOKEN' ? 'a-metrics-token-of-some-length' : KEY
    const config = loadConfig({ [`${name}_FILE`]: write(name, `${value}\n`) })
    const read = {
      DATABASE_URL: config.database.kind === 'postgres' ? config.database.url : undefined,
      APP_DATABASE_URL: config.appDatabaseUrl,
      REDIS_URL: config.redis?.url,
      ENCRYPTION_KEYS: config.secrets.encryptionKeys,
      BLIND_INDEX_KEY: config.secrets.blindIndexKey,
      API_KEY_PEPPER: config.secrets.apiKeyPepper,
      METRICS_TOKEN: config.metricsToken
    }[name]
    expect(read).toBe(value)
  })

  it('keeps inner newlines and other whitespace: only one trailing newline (LF or CRLF) is the file\'s, not the secret\'s', () => {
    expect(loadConfig({ API_KEY_PEPPER_FILE: write('crlf', `${KEY}\r\n`) }).secrets.apiKeyPepper).toBe(KEY)
    expect(loadConfig({ API_KEY_PEPPER_FILE: write('bare', KEY) }).secrets.apiKeyPepper).toBe(KEY)
  })

  it('refuses a variable given both ways, naming both and echoing neither value', () => {
    const file = write('both', `${KEY}\n`)
    let error: unknown
    try { loadConfig({ BLIND_INDEX_KEY: 'direct-secret-value', BLIND_INDEX_KEY_FILE: file }) } catch (err) { error = err }
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).variable).toBe('BLIND_INDEX_KEY_FILE')
    expect((error as Error).message).toBe('BLIND_INDEX_KEY_FILE: and BLIND_INDEX_KEY are both set; set only one of them')
    expect((error as Error).message).not.toContain(KEY)
  })

  it('refuses a file it cannot read, or an empty one, naming the variable and the file', () => {
    const missing = path.join(folder, 'does-not-exist')
    expect(() => loadConfig({ ENCRYPTION_KEYS_FILE: missing })).toThrow(`ENCRYPTION_KEYS_FILE: cannot be read (ENOENT): ${missing}`)
    expect(() => loadConfig({ ENCRYPTION_KEYS_FILE: folder })).toThrow(/^ENCRYPTION_KEYS_FILE: cannot be read \(EISDIR\)/)
    const empty = write('empty', '\n')
    expect(() => loadConfig({ ENCRYPTION_KEYS_FILE: empty })).toThrow(`ENCRYPTION_KEYS_FILE: names an empty file: ${empty}`)
  })

  it('validates a value read from a file like one from the environment', () => {
    expect(() => loadConfig({ DATABASE_URL_FILE: write('bad-url', 'mysql://u@h/db\n') })).toThrow(/^DATABASE_URL: must use postgres:/)
  })

  it('treats an empty _FILE variable as unset, as compose passes FOO_FILE= for unset interpolations', () => {
    expect(loadConfig({ REDIS_URL_FILE: '' }).redis).toBeNull()
  })
})
