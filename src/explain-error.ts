/**
 * Database and network errors in words. A log line that says only `"code":"42883"` sends an operator to the
 * PostgreSQL manual; one that says "undefined function: the database is not migrated" sends them to the fix.
 */
const EXPLANATIONS: Record<string, string> = {
  // PostgreSQL SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html)
  42883: 'undefined function: the database is not migrated, or is behind this code; run `npm run migrate`',
  '42P01': 'undefined table: the database is not migrated, or is behind this code; run `npm run migrate`',
  42703: 'undefined column: the database is behind this code; run `npm run migrate`',
  '3F000': 'undefined schema: the database is not migrated; run `npm run migrate`',
  42704: 'undefined object (often the rnm_app role): the database is not migrated; run `npm run migrate`',
  42501: 'insufficient privilege: the role in DATABASE_URL lacks a grant (is the database migrated, and is the role a member of rnm_app?)',
  '28P01': 'password authentication failed: check the user and password in DATABASE_URL',
  28000: 'invalid authorization: the server refused this role (pg_hba.conf, or the role has no LOGIN)',
  '3D000': 'the database named in DATABASE_URL does not exist',
  53300: 'too many connections: PostgreSQL\'s max_connections is reached (lower DATABASE_POOL_MAX or add a pooler)',
  '57P03': 'the database server is starting up or shutting down; retry shortly',
  '57P01': 'the database server was shut down by an administrator',
  57014: 'a statement ran past DATABASE_STATEMENT_TIMEOUT_MS and was cancelled',
  '55P03': 'a lock was not granted in time (lock_timeout)',
  25006: 'the database is read-only (a standby, or default_transaction_read_only)',
  53100: 'the database server\'s disk is full',
  // Node.js network errors
  ECONNREFUSED: 'connection refused: nothing listens at the host and port given (is the server up, and is the URL right?)',
  ENOTFOUND: 'the host name in the URL does not resolve',
  EAI_AGAIN: 'the host name in the URL could not be resolved now (DNS is unavailable)',
  ETIMEDOUT: 'the connection timed out: the server is unreachable or a firewall drops the packets',
  ECONNRESET: 'the connection was reset by the server',
  EACCES: 'permission denied: this user may not read or write the path, or bind the port',
  EADDRINUSE: 'the address is in use: another process listens on this HOST and PORT',
  EADDRNOTAVAIL: 'HOST is not an address of this machine',
  ENOSPC: 'the disk is full',
  STORAGE_BUSY: 'the embedded database stayed busy'
}

function codeOf (err: unknown, depth = 0): string | undefined {
  if (typeof err !== 'object' || err === null || depth > 4) return undefined
  const code = (err as { code?: unknown }).code
  if (typeof code === 'string' && code in EXPLANATIONS) return code
  // AggregateError (a name resolving to several addresses, all refused) and wrapped causes.
  const inner = (err as { errors?: unknown[] }).errors?.[0] ?? (err as { cause?: unknown }).cause
  return codeOf(inner, depth + 1) ?? (typeof code === 'string' ? code : undefined)
}

/** The error's code (SQLSTATE or errno) and what it means, when known. */
export function explainError (err: unknown): { code: string | undefined, explanation: string | undefined } {
  const code = codeOf(err)
  return { code, explanation: code === undefined ? undefined : EXPLANATIONS[code] }
}

interface ErrorLogger { error (object: object, message: string): void }

/**
 * For entry points: logs a start-up failure with its code and in words, then ends the process with status 1.
 * `step` says what was being done ("connect to PostgreSQL").
 */
export function failStartup (log: ErrorLogger, step: string, err: unknown): never {
  const { code, explanation } = explainError(err)
  // A server's own message may quote SQL; only messages that are not a database's are kept.
  const fromDatabase = typeof err === 'object' && err !== null && 'severity' in err
  const words = explanation ?? (err instanceof Error && !fromDatabase ? err.message : 'an unexpected database error')
  log.error({ err, code }, `start-up failed: could not ${step}: ${words}${code === undefined ? '' : ` (${code})`}`)
  process.exit(1)
}

/** Runs one start-up step; a failure is logged in words and ends the process. */
export async function startupStep<T> (log: ErrorLogger, step: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (err) {
    return failStartup(log, step, err)
  }
}
