import type { KeyObject } from 'node:crypto'
import type { ParseArgsConfig } from 'node:util'
import type { Config } from '../config.ts'
import { prependNewKey, type Keyring } from '../crypto/index.ts'
import type { Database } from '../db/client.ts'
import { ROLES, type Role } from '../db/queries/api-keys.ts'
import { AdminError, createKey, createPartnerWithKey, listPartnersWithKeys, revokeKey } from './partners.ts'
import { reindexSubjects } from './reindex.ts'
import { prependKeyInFile, rewrapAll } from './rotation.ts'

/** What a command needs; opened by the entry point only for commands that touch the database. */
export interface AdminContext {
  config: Config
  db: () => Promise<{ db: Database, keyring: Keyring, pepper: KeyObject, blindIndexKey: KeyObject }>
  /** One progress line for the operator (stderr: stdout is the command's JSON result). */
  progress: (line: string) => void
}

export interface CommandResult {
  /** Printed on stdout as JSON (or as is, when a string). */
  output: unknown
  /** Said on stderr after the output, e.g. what to do next. */
  notes?: string[]
}

type Values = Record<string, string | boolean | undefined>

export interface Command {
  summary: string
  usage: string
  /** What each option means and what the command prints. */
  help: string
  options: NonNullable<ParseArgsConfig['options']>
  /** Whether the command opens the database (and so, in embedded mode, needs the data folder for itself). */
  needsDatabase: (values: Values) => boolean
  run: (values: Values, ctx: AdminContext) => Promise<CommandResult>
}

/** Exit code 2 like a configuration error: the command line itself is wrong. */
export class UsageError extends AdminError {
  constructor (message: string) { super(message, 2) }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function text (values: Values, name: string, options: { required: boolean, max: number }): string | undefined {
  const value = values[name]
  if (value === undefined || value === true) {
    if (options.required) throw new UsageError(`--${name} is required`)
    return undefined
  }
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} must not be empty`)
  // The API's limits, so the command line cannot create what the API would refuse to.
  if ([...value].length > options.max || value.includes('\u0000')) throw new UsageError(`--${name} must be at most ${options.max} characters, without NUL`)
  return value
}

function role (values: Values): Role {
  const value = text(values, 'role', { required: true, max: 20 })
  if (!ROLES.includes(value as Role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`)
  return value as Role
}

function uuid (values: Values, name: string): string {
  const value = text(values, name, { required: true, max: 36 }) as string
  if (!UUID.test(value)) throw new UsageError(`--${name} must be a UUID (as list-partners shows it)`)
  return value.toLowerCase()
}

const KEY_NOTE = 'The API key above is shown only this once: store it now (a password manager, a secret store).'
const always = (): boolean => true

export const COMMANDS: Record<string, Command> = {
  'create-partner': {
    summary: 'Create a partner organisation and issue it an API key',
    usage: 'create-partner --name <name> --role admin|reporter|analyst [--label <label>] [--existing]',
    help: `  --name <name>    the organisation's name, unique (at most 200 characters)
  --role <role>    what the key may do: admin, reporter or analyst
  --label <label>  what the key is for, e.g. the machine that uses it
  --existing       if a partner of that name exists, issue the key to it instead of failing
Prints { "partnerId", "apiKeyId", "apiKey" }. The key is shown only this once; only its hash is stored.`,
    options: { name: { type: 'string' }, role: { type: 'string' }, label: { type: 'string' }, existing: { type: 'boolean' } },
    needsDatabase: always,
    async run (values, ctx) {
      const params = { name: text(values, 'name', { required: true, max: 200 }) as string, role: role(values), label: text(values, 'label', { required: false, max: 200 }) ?? null }
      const { db, pepper } = await ctx.db()
      const { partnerCreated, ...issued } = await createPartnerWithKey(db, pepper, { ...params, existing: values.existing === true, via: 'cli' })
      return { output: issued, notes: [partnerCreated ? 'Partner created.' : 'The partner existed already: a new key was issued to it.', KEY_NOTE] }
    }
  },
  'create-key': {
    summary: 'Issue another API key to an existing partner',
    usage: 'create-key --partner <partnerId> --role admin|reporter|analyst [--label <label>]',
    help: `  --partner <id>   the partner's id (list-partners shows it)
  --role <role>    admin, reporter or analyst
  --label <label>  what the key is for
Prints { "partnerId", "apiKeyId", "apiKey" }; the key is shown only this once.`,
    options: { partner: { type: 'string' }, role: { type: 'string' }, label: { type: 'string' } },
    needsDatabase: always,
    async run (values, ctx) {
      const params = { partnerId: uuid(values, 'partner'), role: role(values), label: text(values, 'label', { required: false, max: 200 }) ?? null }
      const { db, pepper } = await ctx.db()
      return { output: await createKey(db, pepper, { ...params, via: 'cli' }), notes: [KEY_NOTE] }
    }
  },
  'revoke-key': {
    summary: 'Revoke an API key at once (the next request with it gets 401)',
    usage: 'revoke-key --id <apiKeyId>',
    help: `  --id <apiKeyId>  the key's id (list-partners shows it; it is not the key itself)
Prints { "apiKeyId", "revoked": true }. The key's next request is refused with 401.`,
    options: { id: { type: 'string' } },
    needsDatabase: always,
    async run (values, ctx) {
      const apiKeyId = uuid(values, 'id')
      const { db } = await ctx.db()
      await revokeKey(db, { apiKeyId, via: 'cli' })
      return { output: { apiKeyId, revoked: true } }
    }
  },
  'list-partners': {
    summary: 'List partners and their API keys (ids, roles, labels; never the keys)',
    usage: 'list-partners',
    help: 'Prints [{ "id", "name", "createdAt", "keys": [{ "id", "role", "label", "createdAt", "revokedAt" }] }].',
    options: {},
    needsDatabase: always,
    async run (_values, ctx) {
      const { db } = await ctx.db()
      return { output: await listPartnersWithKeys(db) }
    }
  },
  'rotate-keys': {
    summary: 'Rotate the encryption root key: --new-key adds one, --rewrap moves every data key to the current one',
    usage: 'rotate-keys --new-key | --rewrap [--batch-size <n>] | --new-key --rewrap (embedded mode only)',
    help: `  --new-key          with ENCRYPTION_KEYS in the environment: print its next value (a fresh key first, the
                     old ones kept for reading) for you to deploy; in embedded mode: put a fresh key first in
                     DATA_DIR/keys.json
  --rewrap           re-wrap every report's data key under the current (first) key, in batches; identities
                     are never re-encrypted and stay readable throughout. Prints { "rewrapped",
                     "alreadyCurrent", "remaining", "currentKid" }
  --batch-size <n>   rows per transaction for --rewrap (default 500)
Production: run --new-key, deploy the value to every api, worker and migrate process, then --rewrap.
Embedded: stop the server, run --new-key --rewrap, start the server. See docs/administration.md, "Rotating the encryption key".`,
    options: { 'new-key': { type: 'boolean' }, rewrap: { type: 'boolean' }, 'batch-size': { type: 'string' } },
    needsDatabase: (values) => values.rewrap === true,
    async run (values, ctx) {
      const newKey = values['new-key'] === true
      const rewrap = values.rewrap === true
      if (!newKey && !rewrap) throw new UsageError('say what to do: --new-key, --rewrap, or both (embedded mode)')
      const batchSize = values['batch-size'] === undefined ? 500 : Number(values['batch-size'])
      if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new UsageError('--batch-size must be an integer from 1 to 10000')
      const fromEnv = ctx.config.secrets.encryptionKeys
      const embedded = ctx.config.database.kind === 'pglite'
      if (newKey && rewrap && (fromEnv !== undefined || !embedded)) {
        // Running servers must be able to read the new kid before any row is wrapped under it.
        throw new UsageError('--new-key with --rewrap works only in embedded mode with keys.json (the server is stopped); otherwise deploy the new ENCRYPTION_KEYS to every process first, then run rotate-keys --rewrap')
      }
      const notes: string[] = []
      let rotated: { currentKid: string, kids: string[] } | undefined
      if (newKey && fromEnv !== undefined) {
        const value = prependNewKey(fromEnv)
        return {
          output: value,
          notes: ['That is the new ENCRYPTION_KEYS value (a secret: keep it out of shell history and logs). Put it in every api, worker and migrate environment and restart them, then run: npm run admin -- rotate-keys --rewrap']
        }
      }
      if (newKey) {
        rotated = await prependKeyInFile(ctx.config.dataDir)
        notes.push(`${rotated.currentKid} is now the current key in ${ctx.config.dataDir}/keys.json (back the file up).`)
        if (!rewrap) notes.push('Next: npm run admin -- rotate-keys --rewrap, with the server stopped.')
      }
      if (!rewrap) return { output: { currentKid: rotated?.currentKid, kids: rotated?.kids }, notes }
      const { db, keyring } = await ctx.db()
      const summary = await rewrapAll(db, keyring, {
        batchSize,
        onProgress: ({ table, done, total }) => ctx.progress(`rewrap ${table}: ${done}/${total}`)
      })
      if (summary.remaining > 0) notes.push(`${summary.remaining} data keys are still under an old key (being written during the run, or by a process without the new key): run rotate-keys --rewrap again.`)
      else notes.push(`Every data key is under ${summary.currentKid}. The older keys may now leave ENCRYPTION_KEYS; keep them with the backups made before now, which need them to be read.`)
      return { output: summary, notes }
    }
  },
  'reindex-subjects': {
    summary: 'Recompute every report\'s subject-match indexes with the current name normalisation (after an upgrade that changes it)',
    usage: 'reindex-subjects [--batch-size <n>]',
    help: `  --batch-size <n>   reports per transaction (default 500)
Decrypts each report's identity in memory and replaces its blind indexes with the current scheme's; subjects stay
as they are. Run it once after an upgrade whose notes say the index scheme changed (docs/matching.md): until then,
reports filed before the upgrade are not found by reports filed after it. Prints { "reports", "indexes", "scheme" }.
Production: run it with every api process already upgraded. Embedded: with the server stopped.`,
    options: { 'batch-size': { type: 'string' } },
    needsDatabase: always,
    async run (values, ctx) {
      const batchSize = values['batch-size'] === undefined ? 500 : Number(values['batch-size'])
      if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new UsageError('--batch-size must be an integer from 1 to 10000')
      const { db, keyring, pepper, blindIndexKey } = await ctx.db()
      const summary = await reindexSubjects(db, { keyring, blindIndexKey, apiKeyPepper: pepper }, {
        batchSize,
        onProgress: ({ done }) => ctx.progress(`reindex red_notices: ${done}`)
      })
      return { output: summary, notes: [`Every report's subject indexes are now of scheme ${summary.scheme}.`] }
    }
  }
}
