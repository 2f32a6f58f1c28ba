import { parseArgs } from 'node:util'
import type { DestinationStream } from 'pino'
import { ConfigError, type Config } from '../config.ts'
import { CryptoError } from '../crypto/index.ts'
import { DataDirLockedError, acquireDataDirLock, type DataDirLock } from '../data-dir-lock.ts'
import { openDatabase, type DatabaseHandle } from '../db/client.ts'
import { createLogger } from '../logger.ts'
import { loadSecrets } from '../secrets.ts'
import { COMMANDS, type AdminContext, type Command } from './commands.ts'
import { AdminError } from './partners.ts'

// The admin command line: what must work before any API key exists. stdout carries only the command's
// JSON result (so it can be piped to jq or a secret store); everything for the operator goes to stderr.
// src/scripts/admin.ts is the entry; this module takes its streams as arguments so tests can run it in-process.

export interface AdminIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
  /** Where log lines go: stderr in the real command, since stdout is reserved for the result. */
  logDestination: DestinationStream
}

export const EXIT = { ok: 0, failed: 1, usage: 2, locked: 3 } as const

const GENERAL_HELP = `Usage: npm run admin -- <command> [options]

Commands:
${Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(16)}${command.summary}`).join('\n')}

Run "npm run admin -- <command> --help" for a command's options.

The database is the one the server uses: DATABASE_URL, or without it the embedded data folder DATA_DIR
(default ./data), which only one process may open: stop the server first. Secrets come from ENCRYPTION_KEYS,
BLIND_INDEX_KEY and API_KEY_PEPPER, or in embedded mode from DATA_DIR/keys.json.

Exit codes: 0 done, 1 the operation failed, 2 wrong usage or configuration, 3 the data folder is in use.`

function commandHelp (command: Command): string {
  return `Usage: npm run admin -- ${command.usage}\n\n${command.summary}.\n\n${command.help}`
}

/** The error and its causes (drizzle wraps driver errors), at most five deep. */
function causes (err: unknown): Error[] {
  const chain: Error[] = []
  for (let e = err; e instanceof Error && chain.length < 5; e = (e as { cause?: unknown }).cause) chain.push(e)
  return chain
}

function codeOf (err: unknown): string | undefined {
  for (const e of causes(err)) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string') return code
  }
  return undefined
}

/** One line for the operator. Driver errors carry SQL and parameters in their messages, so only their code is shown. */
function describeFailure (err: unknown): { line: string, exit: number, unexpected?: boolean } {
  if (err instanceof AdminError) return { line: `error: ${err.message}`, exit: err.exitCode }
  if (err instanceof ConfigError || err instanceof CryptoError) return { line: `Configuration error: ${err.message}`, exit: EXIT.usage }
  const code = codeOf(err)
  if (code === '42P01') return { line: 'error: the database has no tables yet: run npm run migrate first', exit: EXIT.failed }
  if (code !== undefined && /^(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|28P01|28000|3D000)$/.test(code)) {
    return { line: `error: cannot use the database at DATABASE_URL (${code})`, exit: EXIT.failed }
  }
  // pg-pool's own timeout has no code; its message is fixed text, safe to match (never shown).
  if (causes(err).some((e) => /timeout exceeded when trying to connect|terminated due to connection timeout/i.test(e.message))) {
    return { line: 'error: cannot use the database at DATABASE_URL (connection timed out)', exit: EXIT.failed }
  }
  return { line: `error: unexpected ${err instanceof Error ? err.constructor.name : typeof err}${code === undefined ? '' : ` (${code})`}; see the log line above`, exit: EXIT.failed, unexpected: true }
}

export async function runAdmin (argv: string[], config: Config, io: AdminIo): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    if (name === undefined) {
      io.stderr(GENERAL_HELP)
      return EXIT.usage
    }
    io.stdout(GENERAL_HELP)
    return EXIT.ok
  }
  const command = COMMANDS[name]
  if (command === undefined) {
    io.stderr(`error: unknown command "${name}"; run npm run admin -- --help`)
    return EXIT.usage
  }
  let values: Record<string, string | boolean | undefined>
  try {
    ({ values } = parseArgs({ args: rest, options: { ...command.options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }))
  } catch (err) {
    io.stderr(`error: ${(err as Error).message}\n${commandHelp(command)}`)
    return EXIT.usage
  }
  if (values.help === true) {
    io.stdout(commandHelp(command))
    return EXIT.ok
  }

  const logger = createLogger(config.logLevel, io.logDestination)
  let lock: DataDirLock | undefined
  let handle: DatabaseHandle | undefined
  try {
    if (config.database.kind === 'pglite' && command.needsDatabase(values)) lock = acquireDataDirLock(config.dataDir, 'admin')
    const ctx: AdminContext = {
      config,
      progress: io.stderr,
      // Secrets are read when the database is opened, after any change a command made to keys.json.
      db: async () => {
        const secrets = await loadSecrets(config, logger)
        if (handle === undefined) {
          handle = await openDatabase(config.database.kind === 'pglite' ? config.database : { ...config.database, poolMax: 2, statementTimeoutMs: config.statementTimeoutMs, connectTimeoutMs: 15_000 }, logger)
          // Embedded mode has no separate migrate step (as at the server's start): a fresh folder works.
          if (handle.kind === 'pglite') await handle.migrate()
        }
        return { db: handle.db, keyring: secrets.keyring, pepper: secrets.apiKeyPepper, blindIndexKey: secrets.blindIndexKey }
      }
    }
    const result = await command.run(values, ctx)
    io.stdout(typeof result.output === 'string' ? result.output : JSON.stringify(result.output, null, 2))
    for (const note of result.notes ?? []) io.stderr(note)
    return EXIT.ok
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      io.stderr(err.message)
      return EXIT.locked
    }
    const failure = describeFailure(err)
    // The serializer keeps the error's type, code and stack frames, and drops driver messages (SQL, parameters).
    if (failure.unexpected === true) logger.error({ err }, 'admin command failed')
    io.stderr(failure.line)
    return failure.exit
  } finally {
    await handle?.close()
    lock?.release()
  }
}
