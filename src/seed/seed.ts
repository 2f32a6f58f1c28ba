import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import type pg from 'pg'
import { SYSTEM_CONTEXT, withContext } from '../db/context.ts'
import type { Database } from '../db/client.ts'
import { NO_LINKED_REPORTS, RULESET_VERSION, defaultCountryContext, scoreRedNoticeCompact, type Band } from '../domain/index.ts'
import { copyRows, STAGING_COLUMNS } from './copy.ts'
import { prng, storedSyntheticFacts, syntheticRedNotice } from './synthetic.ts'

export const SYNTHETIC_PARTNER = 'Synthetic data'

export interface SeedOptions {
  reports: number
  seed: number
  batch: number
  /** Batches written at once, each in a transaction of its own (1 for PGlite: one session). */
  connections: number
  progress?: (done: number, total: number, rowsPerSecond: number) => void
  /** PostgreSQL: batches go through COPY on this pool's connections (PGlite: multi-row INSERTs through db). */
  copyPool?: pg.Pool
  /**
   * Vacuums and analyzes what the seed loaded, as the database owner (DatabaseHandle.maintain): db's sessions
   * are the application role, whose ANALYZE PostgreSQL skips. Callers without it analyze as the owner themselves.
   */
  maintain?: () => Promise<unknown>
}

export interface SeedSummary {
  partnerId: string
  reports: number
  seed: number
  rulesetVersion: string
  bands: Record<Band, number>
  seconds: number
  rowsPerSecond: number
}

export interface Batch {
  ids: string[]
  subjectIds: string[]
  mechanisms: string[]
  countries: string[]
  statuses: Array<string | null>
  facts: unknown[]
  profiles: string[]
  chargeCategories: string[]
  scores: number[]
  bands: string[]
  rawTotals: number[]
  contributions: unknown[]
  indicators: string[]
  createdAt: string[]
}

/**
 * Reports on the same person: about one report in twelve names a subject already seen (same requesting
 * state), as when two partners report one person or a state files again.
 */
const SHARED_SUBJECT = 1 / 12
const SUBJECT_POOL = 5000

export async function seedReports (db: Database, options: SeedOptions): Promise<SeedSummary> {
  const started = performance.now()
  const partnerId = await withContext(db, SYSTEM_CONTEXT, async (tx) => {
    await tx.execute(sql`insert into partners (name) values (${SYNTHETIC_PARTNER}) on conflict (name) do nothing`)
    const { rows } = await tx.execute(sql`select id from partners where name = ${SYNTHETIC_PARTNER}`) as unknown as { rows: Array<{ id: string }> }
    return rows[0]!.id
  })

  const rng = prng(options.seed)
  const pool: Array<{ subjectId: string, country: string }> = []
  const bands: Record<Band, number> = { low: 0, elevated: 0, high: 0, critical: 0 }
  const contexts = new Map<string, ReturnType<typeof defaultCountryContext>>()
  const contextOf = (code: string) => {
    if (!contexts.has(code)) contexts.set(code, defaultCountryContext(code))
    return contexts.get(code) ?? null
  }

  const build = async (size: number): Promise<Batch> => {
    const b: Batch = { ids: [], subjectIds: [], mechanisms: [], countries: [], statuses: [], facts: [], profiles: [], chargeCategories: [], scores: [], bands: [], rawTotals: [], contributions: [], indicators: [], createdAt: [] }
    for (let i = 0; i < size; i++) {
      // Yield now and then: the previous batch's statement (megabytes of JSON) is still being sent, and a
      // long synchronous loop would stall the socket writes.
      if (i % 200 === 199) await new Promise<void>((resolve) => setImmediate(resolve))
      let subjectId: string
      let report
      if (pool.length > 0 && rng() < SHARED_SUBJECT) {
        const known = pool[Math.floor(rng() * pool.length)]!
        subjectId = known.subjectId
        report = syntheticRedNotice(rng, known.country)
      } else {
        subjectId = randomUUID()
        report = syntheticRedNotice(rng)
        if (pool.length < SUBJECT_POOL) pool.push({ subjectId, country: report.facts.requestingCountry })
        else pool[Math.floor(rng() * SUBJECT_POOL)] = { subjectId, country: report.facts.requestingCountry }
      }
      const { facts, createdAt } = report
      // Scored alone: linked reports would only add (the worker's rescoring of a shared subject may score higher).
      // Stored compact, as the workers store scores.
      const result = scoreRedNoticeCompact(facts, { requestingCountry: contextOf(facts.requestingCountry), linked: NO_LINKED_REPORTS })
      bands[result.band]++
      b.ids.push(randomUUID())
      b.subjectIds.push(subjectId)
      b.mechanisms.push(facts.mechanism)
      b.countries.push(facts.requestingCountry)
      b.statuses.push(facts.status ?? null)
      b.facts.push(storedSyntheticFacts(facts))
      b.profiles.push([...new Set(facts.subject.profiles ?? [])].join(','))
      b.chargeCategories.push([...new Set(facts.charges.map((c) => c.category))].join(','))
      b.scores.push(result.score)
      b.bands.push(result.band)
      b.rawTotals.push(result.rawTotal)
      b.contributions.push(result.contributions)
      // Sorted and distinct, as trigger 0006 writes them.
      b.indicators.push([...new Set(result.contributions.map((c) => c.indicatorId))].sort().join(','))
      b.createdAt.push(createdAt.toISOString())
    }
    return b
  }

  const write = options.copyPool === undefined ? (b: Batch) => writeJson(db, partnerId, b) : (b: Batch) => writeCopy(options.copyPool!, partnerId, b)

  let done = 0
  let queued = 0
  let failure: unknown
  const inFlight = new Set<Promise<void>>()
  // Generating and scoring the next batch overlaps the database's work on the previous ones, on up to
  // `connections` connections at once.
  while (queued < options.reports && failure === undefined) {
    const size = Math.min(options.batch, options.reports - queued)
    const batch = await build(size)
    queued += size
    while (inFlight.size >= options.connections) await Promise.race(inFlight)
    if (failure !== undefined) break
    const written: Promise<void> = write(batch).then(() => {
      done += size
      options.progress?.(done, options.reports, done / ((performance.now() - started) / 1000))
    }, (err: unknown) => { failure ??= err }).finally(() => inFlight.delete(written))
    inFlight.add(written)
  }
  await Promise.all(inFlight)
  if (failure !== undefined) throw failure
  await options.maintain?.()

  const seconds = (performance.now() - started) / 1000
  return { partnerId, reports: options.reports, seed: options.seed, rulesetVersion: RULESET_VERSION, bands, seconds: Math.round(seconds * 100) / 100, rowsPerSecond: Math.round(options.reports / seconds) }
}

/**
 * Two blind indexes per subject (as a name and a transliteration would give), the same for every report on
 * it, so otherReportsOnSubject and the subject lookups of a filing meet a realistically full table. They are
 * hashes of the random subject id, not keyed hashes of any name: no real filing ever matches one.
 */
const SYNTHETIC_INDEX_VALUE = '\'seed:\' || encode(sha256(convert_to(subject_id::text || \':\' || n, \'UTF8\')), \'hex\')'

/** Embedded mode: one JSON text per statement, as PGlite has no COPY from a client stream. */
async function writeJson (db: Database, partnerId: string, b: Batch): Promise<void> {
  // PostgreSQL parses one JSON document far faster than node-postgres escapes and PostgreSQL parses
  // thousands of jsonb values in an array literal.
  const rows = (keys: Array<keyof Batch>) => JSON.stringify(b.ids.map((_, i) => Object.fromEntries(keys.map((k) => [k, b[k][i]]))))
  await withContext(db, SYSTEM_CONTEXT, async (tx) => {
    // The report rows carry their current score themselves (as trigger 0006 would set it); the scores go in
    // first, so that trigger finds no report row to update and costs one index probe per row.
    await tx.execute(sql`
      insert into scores (report_kind, report_id, partner_id, revision, ruleset_version, score, band, raw_total, contributions, scored_at)
      select 'red_notice', "ids", ${partnerId}::uuid, 1, ${RULESET_VERSION}, "scores", "bands", "rawTotals", "contributions", "createdAt"
      from json_to_recordset(${rows(['ids', 'scores', 'bands', 'rawTotals', 'contributions', 'createdAt'])}::json)
        as t("ids" uuid, "scores" smallint, "bands" text, "rawTotals" real, "contributions" jsonb, "createdAt" timestamptz)`)
    await tx.execute(sql`
      insert into red_notices (id, partner_id, subject_id, revision, mechanism, requesting_country, status, facts,
        profiles, charge_categories, current_score, current_band, current_indicators, created_at, updated_at)
      select "ids", ${partnerId}::uuid, "subjectIds", 1, "mechanisms", "countries", "statuses", "facts",
        string_to_array("profiles", ','), string_to_array("chargeCategories", ','), "scores", "bands", string_to_array("indicators", ','),
        "createdAt", "createdAt"
      from json_to_recordset(${rows(['ids', 'subjectIds', 'mechanisms', 'countries', 'statuses', 'facts', 'profiles', 'chargeCategories', 'scores', 'bands', 'indicators', 'createdAt'])}::json)
        as t("ids" uuid, "subjectIds" uuid, "mechanisms" text, "countries" text, "statuses" text, "facts" jsonb, "profiles" text,
             "chargeCategories" text, "scores" smallint, "bands" text, "indicators" text, "createdAt" timestamptz)`)
    await tx.execute(sql`
      insert into red_notice_revisions (report_id, revision, partner_id, facts, created_at)
      select "ids", 1, ${partnerId}::uuid, "facts", "createdAt"
      from json_to_recordset(${rows(['ids', 'facts', 'createdAt'])}::json) as t("ids" uuid, "facts" jsonb, "createdAt" timestamptz)`)
    await tx.execute(sql`
      insert into subject_indexes (report_id, index_value, subject_id)
      select id, ${sql.raw(SYNTHETIC_INDEX_VALUE)}, subject_id
      from (select "ids" as id, "subjectIds" as subject_id
            from json_to_recordset(${rows(['ids', 'subjectIds'])}::json) as t("ids" uuid, "subjectIds" uuid)) as reports, generate_series(1, 2) as n`)
  })
}

/**
 * PostgreSQL: COPY into a temporary staging table, then three INSERT … SELECT from it, in one transaction in
 * the system context. COPY cannot write the real tables: PostgreSQL refuses COPY FROM into a table under
 * row-level security (all of them are, forced), while INSERT … SELECT goes through the policies as usual.
 */
async function writeCopy (pool: pg.Pool, partnerId: string, b: Batch): Promise<void> {
  const client = await pool.connect()
  let failed = false
  try {
    await client.query('begin')
    await client.query("select set_config('app.role', 'system', true), set_config('app.partner_id', '', true)")
    // Per connection, emptied at each commit. The JSON stays text here (parsed once, on the way into the real
    // tables) and uncompressed (EXTERNAL): staging only passes it through.
    await client.query(`create temp table if not exists seed_staging (${STAGING_COLUMNS}) on commit delete rows;
      alter table seed_staging alter column facts set storage external, alter column contributions set storage external`)
    await copyRows(client, 'seed_staging', b)
    await client.query(`
      insert into scores (report_kind, report_id, partner_id, revision, ruleset_version, score, band, raw_total, contributions, scored_at)
      select 'red_notice', id, $1::uuid, 1, $2, score, band, raw_total, contributions::jsonb, created_at from seed_staging`, [partnerId, RULESET_VERSION])
    await client.query(`
      insert into red_notices (id, partner_id, subject_id, revision, mechanism, requesting_country, status, facts,
        profiles, charge_categories, current_score, current_band, current_indicators, created_at, updated_at)
      select id, $1::uuid, subject_id, 1, mechanism, requesting_country, status, facts::jsonb,
        profiles, charge_categories, score, band, indicators, created_at, created_at from seed_staging`, [partnerId])
    await client.query(`
      insert into red_notice_revisions (report_id, revision, partner_id, facts, created_at)
      select n.id, 1, n.partner_id, n.facts, n.created_at from red_notices n join seed_staging s on s.id = n.id`)
    await client.query(`
      insert into subject_indexes (report_id, index_value, subject_id)
      select id, ${SYNTHETIC_INDEX_VALUE}, subject_id from seed_staging, generate_series(1, 2) as n`)
    await client.query('commit')
  } catch (err) {
    failed = true
    await client.query('rollback').catch(() => {})
    throw err
  } finally {
    client.release(failed)
  }
}
