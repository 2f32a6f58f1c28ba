import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runAdmin } from '../../src/admin/cli.ts'
import { loadConfig } from '../../src/config.ts'
import { generateCryptoSecretsEnv, loadCryptoSecrets } from '../../src/crypto/index.ts'
import { LogCapture, createTestContext, type TestContext } from '../helpers/app.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts'

interface Run { code: number, stdout: string, stderr: string, logs: string }

// The command line's logic in-process (fast); test/processes/admin-cli.test.ts runs the real entry point.
describe('npm run admin (in-process)', () => {
  let testDb: TestDatabase
  let ctx: TestContext
  let dataDir: string
  const secretsEnv = generateCryptoSecretsEnv()

  async function admin (args: string[], env: Record<string, string> = {}): Promise<Run> {
    let stdout = ''
    let stderr = ''
    const logs = new LogCapture()
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: testDb.url, DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...secretsEnv, ...env })
    const code = await runAdmin(args, config, { stdout: (t) => { stdout += t + '\n' }, stderr: (t) => { stderr += t + '\n' }, logDestination: logs })
    return { code, stdout, stderr, logs: logs.text() }
  }
  const json = <T>(run: Run): T => {
    expect(run.code, run.stderr).toBe(0)
    return JSON.parse(run.stdout) as T
  }
  const request = (apiKey: string, url = '/v1/partners') => ctx.app.inject({ url, headers: { authorization: `Bearer ${apiKey}` } })

  beforeAll(async () => {
    testDb = await createTestDatabase()
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'rnm-cli-'))
    ctx = await createTestContext({ testDatabase: testDb, secrets: loadCryptoSecrets(secretsEnv) })
  })
  afterAll(async () => {
    await ctx.close()
    await testDb.drop()
    await fs.rm(dataDir, { recursive: true, force: true })
  })

  it('refuses a second partner of the same name unless --existing; create-key issues keys of other roles', async () => {
    const first = json<{ partnerId: string, apiKey: string }>(await admin(['create-partner', '--name', 'Helsinki NGO', '--role', 'reporter']))
    const duplicate = await admin(['create-partner', '--name', 'Helsinki NGO', '--role', 'reporter'])
    expect(duplicate).toMatchObject({ code: 1, stdout: '' })
    expect(duplicate.stderr).toBe(`error: a partner with this name exists already (id ${first.partnerId}); pass --existing to issue it a new key\n`)
    const reused = json<{ partnerId: string }>(await admin(['create-partner', '--name', 'Helsinki NGO', '--role', 'reporter', '--existing']))
    expect(reused.partnerId).toBe(first.partnerId)
    // A partner that files reports holds no secretariat key (docs/disclosure-policy.md, "Roles").
    const refused = await admin(['create-key', '--partner', first.partnerId, '--role', 'analyst'])
    expect(refused).toMatchObject({ code: 1, stdout: '' })
    expect(refused.stderr).toContain('never both')

    const analysts = json<{ partnerId: string }>(await admin(['create-partner', '--name', 'Helsinki analysts', '--role', 'analyst']))
    const analyst = json<{ partnerId: string, apiKey: string }>(await admin(['create-key', '--partner', analysts.partnerId, '--role', 'analyst', '--label', 'stats']))
    expect(analyst.partnerId).toBe(analysts.partnerId)
    // Authenticated (not 401), but neither role may manage partners.
    expect((await request(analyst.apiKey)).statusCode).toBe(403)
    expect((await request(first.apiKey)).statusCode).toBe(403)
    const missing = await admin(['create-key', '--partner', '00000000-0000-4000-8000-000000000000', '--role', 'analyst'])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('no partner with id 00000000-0000-4000-8000-000000000000')

    const listed = await admin(['list-partners'])
    expect(listed.stdout).not.toMatch(/rnm_/)
    const partners = json<Array<{ id: string, name: string, keys: Array<{ role: string, label: string | null, revokedAt: string | null }> }>>(listed)
    const keysOf = (id: string) => partners.find((p) => p.id === id)?.keys.map((k) => `${k.role}:${k.label ?? ''}:${k.revokedAt ?? 'active'}`)
    expect(partners.find((p) => p.id === first.partnerId)?.name).toBe('Helsinki NGO')
    expect(keysOf(first.partnerId)).toEqual(['reporter::active', 'reporter::active'])
    expect(keysOf(analysts.partnerId)).toEqual(['analyst::active', 'analyst:stats:active'])
  })

  it('writes every change to the audit log, marked as coming from the command line', async () => {
    const auditor = json<{ partnerId: string, apiKeyId: string, apiKey: string }>(await admin(['create-partner', '--name', 'Auditors', '--role', 'admin']))
    json(await admin(['revoke-key', '--id', json<{ apiKeyId: string }>(await admin(['create-key', '--partner', auditor.partnerId, '--role', 'analyst'])).apiKeyId]))
    const res = await request(auditor.apiKey, `/v1/audit-events?actorPartnerId=${auditor.partnerId}`)
    expect(res.json().items).toEqual([])
    const events = (await request(auditor.apiKey, '/v1/audit-events?limit=4')).json().items as Array<{ action: string, actorPartnerId: string | null, details: { via?: string } }>
    expect(events.map((e) => e.action)).toEqual(['api_key.revoked', 'api_key.created', 'api_key.created', 'partner.created'])
    expect(events.every((e) => e.actorPartnerId === null && e.details.via === 'cli')).toBe(true)
  })

  it('explains wrong usage and bad configuration in one line, with exit code 2 and nothing on stdout', async () => {
    const cases: Array<[string[], Record<string, string>, string]> = [
      [['create-partner', '--name', 'X'], {}, 'error: --role is required'],
      [['create-partner', '--name', '', '--role', 'admin'], {}, 'error: --name must not be empty'],
      [['create-partner', '--name', 'X'.repeat(201), '--role', 'admin'], {}, 'error: --name must be at most 200 characters, without NUL'],
      [['create-partner', '--name', 'X', '--role', 'root'], {}, 'error: --role must be one of reporter, analyst, admin'],
      [['revoke-key', '--id', '42'], {}, 'error: --id must be a UUID (as list-partners shows it)'],
      [['frobnicate'], {}, 'error: unknown command "frobnicate"; run npm run admin -- --help'],
      [['rotate-keys'], {}, 'error: say what to do: --new-key, --rewrap, or both (embedded mode)'],
      [['rotate-keys', '--rewrap', '--batch-size', '0'], {}, 'error: --batch-size must be an integer from 1 to 10000'],
      // Running processes must hold the new key before anything is wrapped under it.
      [['rotate-keys', '--new-key', '--rewrap'], {}, 'error: --new-key with --rewrap works only in embedded mode with keys.json (the server is stopped); otherwise deploy the new ENCRYPTION_KEYS to every process first, then run rotate-keys --rewrap'],
      [['list-partners'], { ENCRYPTION_KEYS: 'k1:short' }, 'Configuration error: ENCRYPTION_KEYS: entry 1: key must be 32 bytes in base64 (44 characters ending in "=") or base64url (43 characters)']
    ]
    for (const [args, env, expected] of cases) {
      const run = await admin(args, env)
      expect(run.code, args.join(' ')).toBe(2)
      expect(run.stderr.split('\n')[0], args.join(' ')).toBe(expected)
      expect(run.stdout, args.join(' ')).toBe('')
    }
    const unknownOption = await admin(['list-partners', '--verbose'])
    expect(unknownOption.code).toBe(2)
    expect(unknownOption.stderr).toMatch(/^error: Unknown option '--verbose'/)
    expect(unknownOption.stderr).toContain('Usage: npm run admin -- list-partners')
  })

  it('prints help on stdout for --help, and on stderr with exit 2 when no command is given', async () => {
    const help = await admin(['--help'])
    expect(help.code).toBe(0)
    for (const command of ['create-partner', 'create-key', 'revoke-key', 'list-partners', 'rotate-keys']) expect(help.stdout).toContain(`  ${command}`)
    expect(help.stdout).toContain('Exit codes: 0 done, 1 the operation failed, 2 wrong usage or configuration, 3 the data folder is in use.')
    const commandHelp = await admin(['rotate-keys', '--help'])
    expect(commandHelp.code).toBe(0)
    expect(commandHelp.stdout).toContain('--batch-size <n>')
    const none = await admin([])
    expect(none).toMatchObject({ code: 2, stdout: '' })
    expect(none.stderr).toContain('Usage: npm run admin -- <command>')
  })

  it('says "run npm run migrate first" against an empty database, and names the code when it cannot connect', async () => {
    const empty = await createTestDatabase({ empty: true })
    try {
      const run = await admin(['list-partners'], { DATABASE_URL: empty.url })
      expect(run.code).toBe(1)
      expect(run.stderr).toBe('error: the database has no tables yet: run npm run migrate first\n')
    } finally {
      await empty.drop()
    }
    const down = await admin(['list-partners'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' })
    expect(down.code).toBe(1)
    expect(down.stderr).toBe('error: cannot use the database at DATABASE_URL (ECONNREFUSED)\n')
    expect(down.logs).toBe('')
  })
})
