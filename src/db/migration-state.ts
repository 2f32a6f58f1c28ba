import fs from 'node:fs'
import path from 'node:path'

/**
 * Whether the database has every migration this code ships. drizzle records each applied migration in
 * drizzle.__drizzle_migrations with the journal's `when` as created_at, and applies those newer than the
 * last recorded one; the same comparison tells what is missing. A database ahead of the code (an older
 * replica during a rolling upgrade: migrations are forward-only and additive) counts as current.
 */
export type MigrationState =
  | { state: 'current', applied: number, shipped: number }
  | { state: 'missing', applied: 0, shipped: number }
  | { state: 'behind', applied: number, shipped: number }

interface Journal { entries: Array<{ tag: string, when: number }> }

export interface ShippedMigrations { count: number, lastMillis: number, lastTag: string }

export function shippedMigrations (folder: string): ShippedMigrations {
  const journal = JSON.parse(fs.readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as Journal
  const last = journal.entries.at(-1)
  return { count: journal.entries.length, lastMillis: last?.when ?? 0, lastTag: last?.tag ?? '' }
}

// PostgreSQL SQLSTATEs met when reading the ledger of an unmigrated or half-migrated database.
const UNDEFINED_TABLE = '42P01'
const INVALID_SCHEMA_NAME = '3F000'
/** The grant that lets the application role read the ledger comes with migration 0020: older means behind. */
const INSUFFICIENT_PRIVILEGE = '42501'

export async function readMigrationState (
  query: (text: string) => Promise<{ rows: unknown[] }>,
  shipped: ShippedMigrations
): Promise<MigrationState> {
  let row: { applied: number, last: string }
  try {
    const result = await query('select count(*)::int as applied, coalesce(max(created_at), 0)::text as last from drizzle.__drizzle_migrations')
    row = result.rows[0] as { applied: number, last: string }
  } catch (err) {
    const code = (err as { code?: string }).code
    if (code === UNDEFINED_TABLE || code === INVALID_SCHEMA_NAME) return { state: 'missing', applied: 0, shipped: shipped.count }
    if (code === INSUFFICIENT_PRIVILEGE) return { state: 'behind', applied: 0, shipped: shipped.count }
    throw err
  }
  if (row.applied === 0) return { state: 'missing', applied: 0, shipped: shipped.count }
  if (Number(row.last) < shipped.lastMillis) return { state: 'behind', applied: row.applied, shipped: shipped.count }
  return { state: 'current', applied: row.applied, shipped: shipped.count }
}

/** One sentence for logs and operators. */
export function describeMigrationState (state: MigrationState): string {
  if (state.state === 'missing') return 'the database is not migrated (no migration applied); run `npm run migrate` (the compose `migrate` service) as the database owner'
  if (state.state === 'behind') return `the database is behind this code (${state.applied} of ${state.shipped} migrations applied); run \`npm run migrate\` as the database owner`
  return `the database has every migration this code ships (${state.applied} applied)`
}

interface StateLogger { error (object: object, message: string): void, warn (object: object, message: string): void }

/**
 * At start-up: says in words when the database lacks migrations, or cannot be asked. Never throws: the
 * process starts anyway (readiness answers 503 meanwhile) and serves as soon as migrate has run.
 */
export async function logMigrationState (read: () => Promise<MigrationState>, log: StateLogger, explain: (err: unknown) => { code?: string, explanation?: string }): Promise<void> {
  try {
    const state = await read()
    if (state.state !== 'current') log.error({ migrations: state.state, applied: state.applied, shipped: state.shipped }, `not ready: ${describeMigrationState(state)}`)
  } catch (err) {
    const { code, explanation } = explain(err)
    log.warn({ err, code }, `could not read the applied migrations at start: ${explanation ?? 'unexpected error'}${code === undefined ? '' : ` (${code})`}`)
  }
}
