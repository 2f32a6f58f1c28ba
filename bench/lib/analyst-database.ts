/**
 * The large database of the analyst benchmarks: DATABASE_URL when set (on 127.0.0.1), otherwise
 * `rnm_analyst_<N>` on the local server, created once and kept, migrated, seeded to N synthetic reports
 * (`npm run seed`'s seedReports) and analysed. Keys of any role for it, written as the admin CLI does.
 */
import { randomBytes } from 'node:crypto'
import { sql } from 'drizzle-orm'
import pg from 'pg'
import { generateApiKey, hashSecret, loadCryptoSecrets, parseApiKey, subjectMatchIndex } from '../../src/crypto/index.ts'
import { openDatabase, type DatabaseHandle } from '../../src/db/client.ts'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { apiKeys, partners } from '../../src/db/schema.ts'
import { createLogger } from '../../src/logger.ts'
import { IdentityVault } from '../../src/intake/vault.ts'
import type { RedNoticeIdentity } from '../../src/schemas/identity.ts'
import type { RedNoticeFacts } from '../../src/schemas/red-notices.ts'
import { SYNTHETIC_PARTNER, seedReports } from '../../src/seed/seed.ts'
import { prng } from '../../src/seed/synthetic.ts'
import { assertLoopback } from './load.ts'
import { ADMIN_URL } from './postgres.ts'

const log = createLogger('silent')

export async function ensureDatabase (reports: number): Promise<{ url: string, created: boolean }> {
  if (process.env.DATABASE_URL !== undefined) {
    assertLoopback(process.env.DATABASE_URL.replace(/^postgres(ql)?:/, 'http:'))
    return { url: process.env.DATABASE_URL, created: false }
  }
  assertLoopback(ADMIN_URL.replace(/^postgres(ql)?:/, 'http:'))
  const name = `rnm_analyst_${reports}`
  const admin = new pg.Client({ connectionString: ADMIN_URL })
  await admin.connect()
  try {
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name])
    if (rowCount === 0) await admin.query(`create database ${pg.escapeIdentifier(name)}`)
    const url = new URL(ADMIN_URL)
    url.pathname = `/${name}`
    return { url: url.toString(), created: rowCount === 0 }
  } finally {
    await admin.end()
  }
}

async function partnerReports (app: DatabaseHandle, name: string): Promise<number> {
  return await withContext(app.db, SYSTEM_CONTEXT, async (tx) => {
    const { rows } = await tx.execute(sql`select count(*)::int as n from red_notices r join partners p on p.id = r.partner_id where p.name = ${name}`) as unknown as { rows: Array<{ n: number }> }
    return rows[0]!.n
  })
}

/** Migrates, then seeds up to N synthetic reports unless they are there already, then ANALYZE. */
export async function ensureReports (url: string, reports: number): Promise<void> {
  const owner = await openDatabase({ kind: 'postgres', url, poolMax: 1, statementTimeoutMs: 3_600_000, connectTimeoutMs: 15_000 }, log, { asOwner: true })
  try {
    await owner.migrate()
  } finally {
    await owner.close()
  }
  const app = await openDatabase({ kind: 'postgres', url, poolMax: 2, statementTimeoutMs: 600_000, connectTimeoutMs: 15_000 }, log)
  try {
    const present = await partnerReports(app, SYNTHETIC_PARTNER)
    if (present > reports) throw new Error(`the database holds ${present} synthetic reports, more than --reports ${reports}: use another database`)
    if (present === reports) {
      console.log(`reusing the ${reports.toLocaleString('en-US')} synthetic reports already in the database`)
      // A migration may just have filled a table from them.
      await analyze(url)
      return
    }
    console.log(`seeding ${(reports - present).toLocaleString('en-US')} synthetic reports…`)
    let last = 0
    const summary = await seedReports(app.db, {
      reports: reports - present,
      seed: present + 1,
      batch: 5000,
      connections: 2,
      copyPool: app.pool,
      progress: (done, total, rate) => {
        if (done - last >= 100_000 || done === total) {
          last = done
          console.log(`  seeded ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} (${Math.round(rate).toLocaleString('en-US')} rows/s)`)
        }
      }
    })
    console.log(`seeded ${summary.reports.toLocaleString('en-US')} reports in ${summary.seconds} s`)
    await analyze(url)
  } finally {
    await app.close()
  }
}

/**
 * What autovacuum does after a bulk load, which this machine runs without: fresh planner statistics, and the
 * visibility maps of red_notice_search (its walks are index-only scans once pages are marked all-visible) and
 * subject_indexes (each listed report's count of others on its subject is index-only scans of it).
 * Quick when nothing changed: VACUUM skips all-visible pages.
 */
export async function analyze (url: string): Promise<void> {
  await asOwner(url, async (client) => {
    await client.query('analyze red_notices, red_notice_search, scores, subject_indexes, scoring_failures')
    await client.query('vacuum (analyze) red_notice_search, subject_indexes')
  })
}

/** Runs `fn` on a connection of its own as the database's owner (VACUUM cannot run inside a transaction). */
async function asOwner (url: string, fn: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await fn(client)
  } finally {
    await client.end()
  }
}

/**
 * A partner of `reports` reports inside the large database, for a reporter's own lists: copies of synthetic
 * reports (facts, filters, current score) under its own partner id, made once and kept under `name`.
 */
export async function ensureSmallPartner (url: string, name: string, reports: number): Promise<string> {
  const app = await openDatabase({ kind: 'postgres', url, poolMax: 1, statementTimeoutMs: 600_000 }, log)
  try {
    const present = await partnerReports(app, name)
    const partnerId = await withContext(app.db, SYSTEM_CONTEXT, async (tx) => {
      await tx.execute(sql`insert into partners (name) values (${name}) on conflict (name) do nothing`)
      const { rows } = await tx.execute(sql`select id::text from partners where name = ${name}`) as unknown as { rows: Array<{ id: string }> }
      const id = rows[0]!.id
      if (present < reports) {
        // With their first revision, as a filing writes it: a rescoring run over the database scores them too.
        await tx.execute(sql`with copied as (
            insert into red_notices (partner_id, subject_id, revision, mechanism, requesting_country, status, facts,
              profiles, charge_categories, current_score, current_band, current_indicators, created_at)
            select ${id}::uuid, r.subject_id, 1, r.mechanism, r.requesting_country, r.status, r.facts,
              r.profiles, r.charge_categories, r.current_score, r.current_band, r.current_indicators, r.created_at
            from red_notices r join partners p on p.id = r.partner_id and p.name = ${SYNTHETIC_PARTNER}
            order by r.id limit ${reports - present}
            returning id, partner_id, facts)
          insert into red_notice_revisions (report_id, revision, partner_id, facts) select id, 1, partner_id, facts from copied`)
      }
      return id
    })
    if (present < reports) await analyze(url)
    return partnerId
  } finally {
    await app.close()
  }
}

/** A partner and key of this run with the given role. */
export async function benchKey (app: DatabaseHandle, secretsEnv: Record<string, string>, role: 'analyst' | 'reporter', partnerId?: string): Promise<string> {
  const key = generateApiKey()
  const pepper = loadCryptoSecrets(secretsEnv).apiKeyPepper
  await withContext(app.db, SYSTEM_CONTEXT, async (tx) => {
    const owner = partnerId ?? (await tx.insert(partners).values({ name: `Benchmark ${role}s ${randomBytes(4).toString('hex')}` }).returning())[0]!.id
    await tx.insert(apiKeys).values({ partnerId: owner, keyId: key.keyId, secretHash: hashSecret(pepper, key.secret), role })
  })
  return key.token
}

/**
 * Removes the read events a run's keys wrote (50 a page: about 200,000 a run) and vacuums their table, as autovacuum
 * would. Left, every run made the table and its four indexes larger for the next one's inserts (after a day's runs
 * and probes, 12 million events, 2.5 GB, indexes beyond shared_buffers), so no two runs measured the same database.
 */
export async function forgetRunReads (url: string, tokens: string[]): Promise<void> {
  const keyIds = tokens.map((token) => parseApiKey(token)?.keyId).filter((id): id is string => id !== undefined)
  await asOwner(url, async (client) => {
    await client.query('delete from audit_events where actor_key_id in (select id from api_keys where key_id = any($1::text[]))', [keyIds])
    await client.query('vacuum audit_events')
  })
}

const FIRST_NAMES = ['Zelimkhan', 'Магомед', 'Aslan', 'Khadizhat', 'Ruslan', 'Айшат', 'Timur', 'Leyla']
const LAST_NAMES = ['Dudayev', 'Исаев', 'Magomedov', 'Yandarbiyeva', 'Ахмадов', 'Tsechoev', 'Umarova', 'Bisultanov']

/**
 * Seals an identity into each of the partner's reports under this run's keys, with its blind indexes, as a filing
 * writes them: a reporter's own page then opens an identity for every row it serves, which every real report has.
 * The seeded reports carry none, and the keys are the run's own, so this is done again at every run.
 */
export async function sealPartnerIdentities (url: string, partnerId: string, secretsEnv: Record<string, string>): Promise<void> {
  const secrets = loadCryptoSecrets(secretsEnv)
  const vault = new IdentityVault(secrets, 'red_notices')
  const random = prng(18)
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!
  const app = await openDatabase({ kind: 'postgres', url, poolMax: 1, statementTimeoutMs: 600_000 }, log)
  try {
    await withContext(app.db, SYSTEM_CONTEXT, async (tx) => {
      const { rows } = await tx.execute(sql`select id::text, revision, subject_id::text, facts from red_notices where partner_id = ${partnerId}::uuid order by id`) as unknown as
        { rows: Array<{ id: string, revision: number, subject_id: string, facts: RedNoticeFacts }> }
      const sealed: Array<{ id: string, identity: string, wrapped: string }> = []
      const indexes: Array<{ report_id: string, index_value: string, subject_id: string }> = []
      for (const row of rows) {
        const fullName = `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`
        const identity: RedNoticeIdentity = {
          interpolNoticeId: `2019/${100000 + Math.floor(random() * 900000)}`,
          subject: { fullName, aliases: random() < 0.5 ? [`${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`] : [], dateOfBirth: `19${60 + Math.floor(random() * 40)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}` },
          chargeDescriptions: (row.facts.charges ?? []).map(() => 'Participation in an extremist community (article 282.2)'),
          eventNotes: (row.facts.events ?? []).map(() => random() < 0.5 ? null : 'Detained at the border on the notice'),
          sourceReferences: (row.facts.sources ?? []).map(() => 'https://example.org/case')
        }
        const { dek, wrapped } = vault.newKey(row.id)
        sealed.push({ id: row.id, identity: vault.seal(dek, row.id, row.revision, identity), wrapped })
        for (const value of subjectMatchIndex(secrets.blindIndexKey, identity.subject)) indexes.push({ report_id: row.id, index_value: value, subject_id: row.subject_id })
      }
      await tx.execute(sql`update red_notices r set identity = v.identity, wrapped_key = v.wrapped
        from jsonb_to_recordset(${JSON.stringify(sealed)}::jsonb) as v(id uuid, identity text, wrapped text) where r.id = v.id`)
      await tx.execute(sql`delete from subject_indexes where report_id in (select id from red_notices where partner_id = ${partnerId}::uuid)`)
      await tx.execute(sql`insert into subject_indexes (report_id, index_value, subject_id)
        select report_id, index_value, subject_id from jsonb_to_recordset(${JSON.stringify(indexes)}::jsonb) as v(report_id uuid, index_value text, subject_id uuid)`)
    })
  } finally {
    await app.close()
  }
  // As autovacuum would after these writes (this machine runs without it). The partner's index rows are new: marked
  // all-visible, so the counts' index-only scans stay so. The reports' previous versions (every run seals them again,
  // each update a new version, indexed in every index of red_notices) are removed with their index entries: left,
  // each run added one more version of each report for the reporter's pages to step over (after 23 runs a request
  // took 2.9–3.2 ms of PostgreSQL's CPU, against 2.3–2.9 after the vacuum). index_cleanup on: 500 dead versions are
  // under vacuum's threshold for cleaning indexes, which would otherwise keep pointing at them.
  await asOwner(url, async (client) => {
    await client.query('vacuum (analyze) subject_indexes')
    await client.query('vacuum (index_cleanup on) red_notices')
  })
}
