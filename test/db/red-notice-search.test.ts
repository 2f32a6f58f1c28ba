import { sql } from 'drizzle-orm'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_CONTEXT, withContext, type DbContext } from '../../src/db/context.ts'
import { prng } from '../../src/seed/synthetic.ts'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'

/**
 * red_notice_search_page (migrations 0025, 0030, 0034, 0035, 0038, 0040, 0043, 0044, 0045) has three plans: a walk of the order's index within a budget,
 * and when the budget runs out either probes (of one score bucket after another for -score, of one creation span
 * after another for the date orders) or a bitmap collection of every match. Each must give exactly the page a plain query on red_notices gives, for any filter, order and
 * cursor, in every context.
 */
describe('red_notice_search_page: the walk, the score probes and the bitmap fallback give the plain query\'s pages', () => {
  let ctx: TestContext
  const partners: string[] = []

  const rows = async <T>(context: DbContext, query: ReturnType<typeof sql>): Promise<T[]> =>
    await withContext(ctx.database.db, context, async (tx) => (await tx.execute(query) as unknown as { rows: T[] }).rows)

  /** The statistics the function chooses its fallback by (only the owner may ANALYZE the search table). */
  async function analyzeSearch (): Promise<void> {
    const owner = new pg.Client({ connectionString: ctx.testDatabase!.url })
    await owner.connect()
    try {
      await owner.query('analyze red_notice_search')
    } finally {
      await owner.end()
    }
  }

  /**
   * A session as the application role with debug messages on. `messages(kind)` counts the search function's messages
   * of that kind so far: the text before their first ': ' ('red_notice_search_page (walk on)', …).
   */
  async function debugSession (fn: (client: pg.Client, messages: (kind: string) => number) => Promise<void>): Promise<void> {
    const client = new pg.Client({ connectionString: ctx.testDatabase!.url })
    await client.connect()
    try {
      await client.query('set role rnm_app')
      await client.query('set client_min_messages = debug1')
      const counts = new Map<string, number>()
      client.on('notice', (notice) => {
        const kind = notice.message?.split(': ', 1)[0]
        if (kind !== undefined) counts.set(kind, (counts.get(kind) ?? 0) + 1)
      })
      await fn(client, (kind) => counts.get(kind) ?? 0)
    } finally {
      await client.end()
    }
  }

  beforeAll(async () => {
    ctx = await createTestContext({ queue: new RecordingQueue() })
    for (const name of ['Search NGO A', 'Search NGO B']) {
      const [row] = await rows<{ id: string }>(SYSTEM_CONTEXT, sql`insert into partners (name) values (${name}) returning id::text`)
      partners.push(row!.id)
    }
    // 400 reports with few distinct values per filter, so that intersections are both common and empty;
    // repeated creation times and scores test the keyset's tie-break on id.
    await rows(SYSTEM_CONTEXT, sql`insert into red_notices (partner_id, subject_id, revision, mechanism, requesting_country, status, facts,
        profiles, charge_categories, current_score, current_band, current_indicators, created_at)
      select (array[${partners[0]}::uuid, ${partners[1]}::uuid])[1 + (g % 7 = 0)::int], gen_random_uuid(), 1,
        (array['red_notice', 'diffusion', 'deportation'])[1 + g % 3], (array['RU', 'TR', 'CN', 'BY', 'NI'])[1 + (g * 7) % 5],
        case when g % 4 = 0 then null else (array['active', 'deleted', 'unknown'])[1 + g % 3] end, '{}'::jsonb,
        case when g % 5 = 0 then array['journalist', 'activist'] when g % 5 = 1 then array['business_person'] else '{}' end,
        case when g % 3 = 0 then array['extremism'] when g % 3 = 1 then array['fraud', 'speech'] else array['other'] end,
        case when g % 11 = 0 then null else (g * 37) % 101 end,
        case when g % 11 = 0 then null else (array['low', 'elevated', 'high', 'critical'])[1 + ((g * 37) % 101) / 26] end,
        case when g % 2 = 0 then array['military-offence'] else array['vague-security-charge', 'political-profile'] end,
        timestamptz '2024-01-01' + ((g * 13) % 97) * interval '1 day'
      from generate_series(1, 400) g`)
    await analyzeSearch()
  })
  afterAll(async () => { await ctx.close() })

  interface Filter { terms: string[], minScore?: number, maxScore?: number, createdFrom?: string, createdTo?: string, scoreFromBand?: boolean }
  type Order = 'createdAt' | '-createdAt' | '-score'
  type Position = { createdAt: string, score: number, id: string }

  /** The page as a plain query over red_notices in the system context (restricted to a partner if given). */
  async function expected (filter: Filter, order: Order, after: Position | null, size: number, partner: string | null): Promise<string[]> {
    const column: Record<string, string> = { indicator: 'current_indicators', profile: 'profiles', charge_category: 'charge_categories' }
    const scalar: Record<string, string> = { country: 'requesting_country', mechanism: 'mechanism', status: 'status', band: 'current_band' }
    const conditions = filter.terms.map((term) => {
      const [name, value] = term.split(':') as [string, string]
      return column[name] !== undefined ? sql`${sql.identifier(column[name])} @> array[${value}]::text[]` : sql`${sql.identifier(scalar[name]!)} = ${value}`
    })
    if (partner !== null) conditions.push(sql`partner_id = ${partner}::uuid`)
    if (filter.minScore !== undefined) conditions.push(sql`coalesce(current_score, -1) >= ${filter.minScore}`)
    if (filter.maxScore !== undefined) conditions.push(sql`coalesce(current_score, -1) between 0 and ${filter.maxScore}`)
    if (filter.createdFrom !== undefined) conditions.push(sql`created_at >= ${filter.createdFrom}::timestamptz`)
    if (filter.createdTo !== undefined) conditions.push(sql`created_at < ${filter.createdTo}::timestamptz`)
    if (after !== null) {
      conditions.push(order === '-score'
        ? sql`(coalesce(current_score, -1), id) < (${after.score}::integer, ${after.id}::uuid)`
        : order === 'createdAt' ? sql`(created_at, id) > (${after.createdAt}::timestamptz, ${after.id}::uuid)` : sql`(created_at, id) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`)
    }
    const orderBy = order === '-score' ? sql`coalesce(current_score, -1) desc, id desc` : order === 'createdAt' ? sql`created_at, id` : sql`created_at desc, id desc`
    const result = await rows<{ id: string }>(SYSTEM_CONTEXT, sql`select id::text from red_notices where ${sql.join([sql`true`, ...conditions], sql` and `)} order by ${orderBy} limit ${size}`)
    return result.map((r) => r.id)
  }

  /**
   * fallback: past the walk, probes of decades (-score) or spans (date orders), or the collection of every match;
   * `probes:N`, at most N buckets before collecting the rest; `probes:N+`, N buckets, then the second round their yield
   * asks for (0043), then the collection; `/K`, at most the K rarest terms in the GIN, the others
   * checked on the rows (0035); `walk:N`, the walk goes on N rows before the plan the statistics choose (0035);
   * `walk:N+`, then walks on again as the rate of the rows walked asks, at most twice, whatever the costs (0044);
   * `once:P`, the walk on at once an unforced plan makes where the walk's rate asks for it, then P (0044);
   * null: by statistics (which may also skip the walk, or walk on).
   */
  async function page (context: DbContext, filter: Filter, order: Order, after: Position | null, size: number, budget: number, fallback: string | null = null): Promise<string[]> {
    const result = await rows<{ id: string }>(context, sql`select report_id::text as id from red_notice_search_page(${JSON.stringify(filter)}::jsonb, ${order},
      ${after?.createdAt ?? null}::timestamptz, ${after?.score ?? null}::integer, ${after?.id ?? null}::uuid, ${size}::integer, ${budget}::integer,
      ${fallback}::text) order by position`)
    return result.map((r) => r.id)
  }

  // Every plan, the GIN given only the rarest term or none beside a probe's bucket (the others on the rows), and
  // the walk going on a few rows (then probes or collection) or past every row.
  const FALLBACKS = ['probes', 'probes:1', 'probes:1+', 'decades:1', 'decades:1+', 'collect', 'collect/1', 'probes/1', 'probes:1/0', 'probes:1+/0', 'walk:7', 'walk:7+', 'walk:1000', 'once:probes', 'once:probes:1+', 'once:collect', 'once:walk:7+', null] as const

  async function position (id: string): Promise<Position> {
    const [row] = await rows<Position>(SYSTEM_CONTEXT, sql`select created_at::text as "createdAt", coalesce(current_score, -1) as score, id::text from red_notices where id = ${id}::uuid`)
    return row!
  }

  it('matches the plain query for random filters, orders, cursors and budgets, as analyst and as reporter', async () => {
    const rng = prng(5)
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!
    const TERMS = ['profile:journalist', 'profile:business_person', 'charge_category:fraud', 'charge_category:extremism', 'indicator:military-offence',
      'country:RU', 'country:NI', 'mechanism:deportation', 'status:deleted', 'band:critical', 'band:low', 'country:XX']
    let rare = 0
    for (let i = 0; i < 60; i++) {
      const filter: Filter = { terms: [...new Set(Array.from({ length: Math.floor(rng() * 4) }, () => pick(TERMS)))] }
      if (rng() < 0.4) filter.minScore = Math.floor(rng() * 80)
      if (rng() < 0.3) filter.maxScore = Math.floor(rng() * 100)
      if (rng() < 0.3) filter.createdFrom = `2024-0${1 + Math.floor(rng() * 3)}-15T00:00:00.000Z`
      if (rng() < 0.2) filter.createdTo = '2024-03-01T00:00:00.000Z'
      const order = pick(['createdAt', '-createdAt', '-score'] as const)
      const size = pick([1, 3, 10])
      const reporter = rng() < 0.3
      const context: DbContext = reporter ? { role: 'reporter', partnerId: partners[1]! } : { role: 'analyst', partnerId: partners[0]! }
      const partner = reporter ? partners[1]! : null
      const first = await expected(filter, order, null, size, partner)
      // Budget 1: the walk covers size × 20 rows (its floor), so rare filters fall back, to the decade probes
      // (-score with terms) or to the collection, or as the statistics choose; 10,000: the walk sees all.
      for (const fallback of FALLBACKS) {
        expect(await page(context, filter, order, null, size, 1, fallback), JSON.stringify({ filter, order, size, reporter, fallback })).toEqual(first)
      }
      expect(await page(context, filter, order, null, size, 10_000)).toEqual(first)
      if (first.length === size) {
        const after = await position(first.at(-1)!)
        const second = await expected(filter, order, after, size, partner)
        for (const fallback of FALLBACKS) {
          expect(await page(context, filter, order, after, size, 1, fallback), JSON.stringify({ filter, order, size, reporter, after, fallback })).toEqual(second)
        }
        expect(await page(context, filter, order, after, size, 10_000)).toEqual(second)
      }
      if (first.length < size) rare++
    }
    // The draws include filters with fewer matches than a page: with budget 1 those always take the fallback.
    expect(rare).toBeGreaterThan(5)
  })

  it('probes score decades below the walk for terms that only lower scores have, and finds nothing where none is', async () => {
    // Budget 1: the walk covers 20 × size rows from the highest score, with a few matches or none; the probes
    // go on below its last row (the rest of its decade first), down to the filter's least score.
    const analyst: DbContext = { role: 'analyst', partnerId: partners[0]! }
    const reporter: DbContext = { role: 'reporter', partnerId: partners[1]! }
    let full = 0
    for (const band of ['band:elevated', 'band:high', 'band:low']) {
      for (const other of [[], ['status:deleted'], ['mechanism:deportation'], ['profile:journalist']]) {
        for (const size of [2, 5, 10]) {
          for (const [context, partner] of [[analyst, null], [reporter, partners[1]!]] as Array<[DbContext, string | null]>) {
            const filter: Filter = { terms: [band, ...other], ...(size === 5 ? { minScore: 13 } : {}) }
            const first = await expected(filter, '-score', null, size, partner)
            for (const fallback of ['probes', 'probes/0']) {
              expect(await page(context, filter, '-score', null, size, 1, fallback), JSON.stringify({ filter, size, partner, fallback })).toEqual(first)
            }
            if (first.length === size) {
              full++
              const after = await position(first.at(-1)!)
              expect(await page(context, filter, '-score', after, size, 1, 'probes')).toEqual(await expected(filter, '-score', after, size, partner))
            }
          }
        }
      }
    }
    expect(full).toBeGreaterThan(20)
    // A decade probe reads its whole decade: the rows below minScore in it are not the filter's.
    await rows(SYSTEM_CONTEXT, sql`insert into red_notices (partner_id, subject_id, revision, mechanism, requesting_country, status, facts,
        profiles, charge_categories, current_score, current_band, current_indicators, created_at)
      select ${partners[0]}::uuid, gen_random_uuid(), 1, 'red_notice', 'RU', 'active', '{}'::jsonb, array['lgbti'], array['other'], score, 'low',
        '{}', timestamptz '2024-02-01' from unnest(array[14, 12, 11]) score`)
    const lgbti: Filter = { terms: ['profile:lgbti'], minScore: 13 }
    expect(await expected(lgbti, '-score', null, 2, null)).toHaveLength(1)
    expect(await page(analyst, lgbti, '-score', null, 2, 1, 'probes')).toEqual(await expected(lgbti, '-score', null, 2, null))
    const none: Filter = { terms: ['band:critical'], maxScore: 40 }
    expect(await expected(none, '-score', null, 10, null)).toEqual([])
    expect(await page(analyst, none, '-score', null, 10, 1, 'probes')).toEqual([])
  })

  it('probes creation spans after the walk in both date orders, and finds nothing where none is', async () => {
    // Budget 1: the walk covers 20 × size rows from one end of the dates; the span probes go on after its last row
    // (the rest of its span first), span after span to the filter's far end or the table's.
    const analyst: DbContext = { role: 'analyst', partnerId: partners[0]! }
    const reporter: DbContext = { role: 'reporter', partnerId: partners[1]! }
    let full = 0
    for (const terms of [['country:NI'], ['status:deleted', 'mechanism:deportation'], ['profile:journalist', 'band:high'], ['country:XX']]) {
      for (const range of [{}, { createdFrom: '2024-02-03T00:00:00.000Z' }, { createdTo: '2024-02-20T12:00:00.000Z', minScore: 30 }]) {
        for (const order of ['createdAt', '-createdAt'] as const) {
          for (const size of [2, 5]) {
            for (const [context, partner] of [[analyst, null], [reporter, partners[1]!]] as Array<[DbContext, string | null]>) {
              const filter: Filter = { terms, ...range }
              const first = await expected(filter, order, null, size, partner)
              // probes:1: one span, then the collection of the rest of the range.
              for (const fallback of ['probes', 'probes:1', 'probes:1+', 'probes/0', 'probes:1/1', 'probes:2+/1'] as const) {
                expect(await page(context, filter, order, null, size, 1, fallback), JSON.stringify({ filter, order, size, partner, fallback })).toEqual(first)
              }
              if (first.length === size) {
                full++
                const after = await position(first.at(-1)!)
                for (const fallback of ['probes', 'probes:1', 'probes:1+'] as const) {
                  expect(await page(context, filter, order, after, size, 1, fallback)).toEqual(await expected(filter, order, after, size, partner))
                }
              }
            }
          }
        }
      }
    }
    expect(full).toBeGreaterThan(20)
  })

  it('skips a walk the statistics say cannot fill the page, and gives the same pages', async () => {
    // Budget 1: a walk of 20 × 3 rows, where three terms of about a fifth, a fifth and a third of the rows are
    // expected about once: the statistics skip it and the probes or the collection start at the cursor (0035).
    const analyst: DbContext = { role: 'analyst', partnerId: partners[0]! }
    let pages = 0
    for (const filter of [{ terms: ['country:NI', 'status:deleted', 'mechanism:deportation'] }, { terms: ['country:RU', 'profile:journalist'], minScore: 20 },
      { terms: ['charge_category:extremism', 'band:high'], createdFrom: '2024-02-01T00:00:00.000Z' }] as Filter[]) {
      for (const order of ['createdAt', '-createdAt', '-score'] as const) {
        let after: Position | null = null
        for (let n = 0; n < 3; n++) {
          const want = await expected(filter, order, after, 3, null)
          expect(await page(analyst, filter, order, after, 3, 1), JSON.stringify({ filter, order, after })).toEqual(want)
          pages++
          if (want.length < 3) break
          after = await position(want.at(-1)!)
        }
      }
    }
    expect(pages).toBeGreaterThan(12)
  })

  it('probes a score of 100 bucket by bucket (by the id\'s first hex digit), cursors inside it included, for analyst and reporter', async () => {
    // 0038: a score of 100 is sixteen buckets of the GIN. 480 more reports score 100 (about 30 a bucket, ids random),
    // one in 24 charged with `violent` (rare enough that a walk of 20 × size rows seldom fills the page), a seventh of them partner B's; then pages of every size through the whole
    // list, each forced through every plan with budget 1 (a walk of 20 × size rows: the rest by probes or collection).
    await rows(SYSTEM_CONTEXT, sql`insert into red_notices (partner_id, subject_id, revision, mechanism, requesting_country, status, facts,
        profiles, charge_categories, current_score, current_band, current_indicators, created_at)
      select (array[${partners[0]}::uuid, ${partners[1]}::uuid])[1 + (g % 7 = 0)::int], gen_random_uuid(), 1, 'red_notice', 'GE', 'active', '{}'::jsonb,
        array['ethnic_minority'], case when g % 24 = 0 then array['violent'] else array['other'] end, 100, 'critical', '{}',
        timestamptz '2024-01-01' + (g % 50) * interval '1 day'
      from generate_series(1, 480) g`)
    await analyzeSearch()
    const [spread] = await rows<{ buckets: number }>(SYSTEM_CONTEXT, sql`select count(distinct red_notice_search_score_bucket(100, id))::int as buckets
      from red_notices where current_score = 100 and charge_categories @> array['violent']`)
    expect(spread!.buckets).toBeGreaterThan(8)
    const analyst: DbContext = { role: 'analyst', partnerId: partners[0]! }
    const reporter: DbContext = { role: 'reporter', partnerId: partners[1]! }
    // `decades…`: the score of 100 probed as one decade (its term kept beside the buckets').
    const plans = ['probes', 'probes:1', 'probes:1+', 'probes:3', 'probes:3+', 'probes/0', 'probes:2/0', 'probes:2+/0', 'decades', 'decades:1', 'decades:1+', 'decades/0', 'collect', 'walk:7', 'walk:7+', 'once:probes', 'once:decades:1+', null] as const
    let pages = 0
    for (const filter of [{ terms: ['charge_category:violent'] }, { terms: ['charge_category:violent', 'country:GE'], minScore: 95 },
      { terms: ['charge_category:violent'], minScore: 100 }, { terms: ['profile:ethnic_minority', 'status:active'], createdFrom: '2024-01-20T00:00:00.000Z' }] as Filter[]) {
      for (const [context, partner] of [[analyst, null], [reporter, partners[1]!]] as Array<[DbContext, string | null]>) {
        for (const size of [3, 10]) {
          let after: Position | null = null
          for (let n = 0; n < 40; n++) {
            const want = await expected(filter, '-score', after, size, partner)
            for (const fallback of plans) {
              expect(await page(context, filter, '-score', after, size, 1, fallback), JSON.stringify({ filter, partner, size, after, fallback })).toEqual(want)
            }
            pages++
            if (want.length < size) break
            after = await position(want.at(-1)!)
          }
        }
      }
    }
    expect(pages).toBeGreaterThan(60)
  })

  it('probes on past the limit as the first round\'s yield asks (0043), in both date orders, through whole lists', async () => {
    // 1,200 reports over 2022 (before every other row), one in forty from Malta: about two and a half a 30-day span. With budget
    // 1 the walk covers 20 × size rows, so most pages need probes; `probes:N+` probes N spans, then the spans their yield
    // asks for (counted from the function's debug messages), then collects the rest. Every page of both lists, in
    // every plan, is the plain query's.
    await rows(SYSTEM_CONTEXT, sql`insert into red_notices (partner_id, subject_id, revision, mechanism, requesting_country, status, facts,
        profiles, charge_categories, current_score, current_band, current_indicators, created_at)
      select ${partners[0]}::uuid, gen_random_uuid(), 1, 'red_notice', case when g % 40 = 0 then 'MT' else 'CY' end, 'active', '{}'::jsonb,
        '{}', array['other'], 50, 'high', '{}', timestamptz '2022-01-01' + g * interval '7 hours 12 minutes'
      from generate_series(1, 1200) g`)
    await analyzeSearch()
    await debugSession(async (client, messages) => {
      const rounds = (): number => messages('red_notice_search_page')
      await client.query("select set_config('app.role', 'analyst', false), set_config('app.partner_id', $1, false)", [partners[0]])
      const filter: Filter = { terms: ['country:MT'], createdTo: '2023-01-01T00:00:00.000Z' }
      const roundsOf: Record<string, number> = {}
      let pages = 0
      for (const order of ['createdAt', '-createdAt'] as const) {
        for (const size of [6, 8, 10]) {
          let after: Position | null = null
          for (let n = 0; n < 20; n++) {
            const want = await expected(filter, order, after, size, null)
            for (const fallback of ['probes:1', 'probes:2', 'probes:1+', 'probes:2+', 'probes:3+', null] as const) {
              const before = rounds()
              const { rows: got } = await client.query<{ id: string }>('select report_id::text as id from red_notice_search_page($1::jsonb, $2::text, $3::timestamptz, $4::integer, $5::uuid, $6::integer, 1, $7::text) order by position',
                [JSON.stringify(filter), order, after?.createdAt ?? null, after?.score ?? null, after?.id ?? null, size, fallback])
              expect(got.map((r) => r.id), JSON.stringify({ order, size, after, fallback })).toEqual(want)
              roundsOf[String(fallback)] = (roundsOf[String(fallback)] ?? 0) + rounds() - before
            }
            pages++
            if (want.length < size) break
            after = await position(want.at(-1)!)
          }
        }
      }
      expect(pages).toBeGreaterThan(12)
      // The second round is taken where the yield allows it, and only where it is asked for (or costed).
      expect(roundsOf).toMatchObject({ 'probes:1': 0, 'probes:2': 0 })
      expect(roundsOf['probes:1+']! + roundsOf['probes:2+']! + roundsOf['probes:3+']!).toBeGreaterThan(4)
    })
  })

  it('walks on again where a walk on ends short, and at once where the walk\'s rate fills the page soon (0044), in every order, through whole lists', async () => {
    // Budget 1: the walk covers 20 × size rows; `walk:N` walks on N rows once, `walk:N+` then walks on again at the
    // rate of every row walked so far (at most twice, each from where the last ended, counted from the function's debug
    // messages), then the plan the statistics choose. Unforced (null), a walk whose rate fills the page within as many
    // rows again walks on before the statistics are read. Every page is the plain query's.
    await debugSession(async (client, messages) => {
      const rounds = (): number => messages('red_notice_search_page (walk on)')
      const atOnce = (): number => messages('red_notice_search_page (walk on at once)')
      const roundsOf: Record<string, number> = {}
      const atOnceOf: Record<string, number> = {}
      let pages = 0
      for (const [role, partner] of [['analyst', null], ['reporter', partners[1]!]] as Array<[string, string | null]>) {
        await client.query("select set_config('app.role', $1, false), set_config('app.partner_id', $2, false)", [role, partner ?? partners[0]])
        for (const filter of [{ terms: ['country:NI'] }, { terms: ['country:RU', 'mechanism:deportation'] }, { terms: ['charge_category:extremism', 'band:high'], minScore: 10 },
          { terms: ['status:deleted', 'profile:journalist'], createdFrom: '2024-01-20T00:00:00.000Z' }] as Filter[]) {
          for (const order of ['-score', 'createdAt', '-createdAt'] as const) {
            for (const size of [3, 8]) {
              let after: Position | null = null
              for (let n = 0; n < 30; n++) {
                const want = await expected(filter, order, after, size, partner)
                for (const fallback of ['walk:3', 'walk:3+', 'walk:12+', 'once:probes', 'once:walk:3+', null] as const) {
                  const before = rounds()
                  const beforeAtOnce = atOnce()
                  const { rows: got } = await client.query<{ id: string }>('select report_id::text as id from red_notice_search_page($1::jsonb, $2::text, $3::timestamptz, $4::integer, $5::uuid, $6::integer, 1, $7::text) order by position',
                    [JSON.stringify(filter), order, after?.createdAt ?? null, after?.score ?? null, after?.id ?? null, size, fallback])
                  expect(got.map((r) => r.id), JSON.stringify({ role, filter, order, size, after, fallback })).toEqual(want)
                  roundsOf[String(fallback)] = (roundsOf[String(fallback)] ?? 0) + rounds() - before
                  atOnceOf[String(fallback)] = (atOnceOf[String(fallback)] ?? 0) + atOnce() - beforeAtOnce
                  // At most two more walks on a page.
                  expect(rounds() - before).toBeLessThanOrEqual(2)
                }
                pages++
                if (want.length < size) break
                after = await position(want.at(-1)!)
              }
            }
          }
        }
      }
      expect(pages).toBeGreaterThan(60)
      // The rounds are taken where asked for, and only there.
      expect(roundsOf['walk:3']).toBe(0)
      expect(roundsOf['walk:3+']).toBeGreaterThan(10)
      expect(roundsOf['walk:12+']).toBeGreaterThan(10)
      // Only an unforced plan walks on at once, and it does where the walk's rate fills the page soon.
      expect(atOnceOf).toMatchObject({ 'walk:3': 0, 'walk:3+': 0, 'walk:12+': 0 })
      expect(atOnceOf.null).toBeGreaterThan(0)
      expect(atOnceOf['once:probes']).toBeGreaterThan(0)
    })
  })

  it('goes on from where a walk on at once ended when it ends short (0044)', async () => {
    // 600 reports a hour apart in 2021 (before every other row), a new partner's: Liechtenstein's at hours 1, 26, …, 176
    // (8 in the walk of 200 rows, budget 1 and pages of 10), 230, then 500, 520 and 540. The walk's rate asks for 63 rows
    // more (8 of 10 in 200), which hold one more: still short, the forced probes go on from the walk on's end, so hour
    // 230 comes once and 500 completes the page.
    const [partner] = await rows<{ id: string }>(SYSTEM_CONTEXT, sql`insert into partners (name) values ('Search NGO C') returning id::text`)
    const liechtenstein = [...Array.from({ length: 8 }, (_, i) => 1 + 25 * i), 230, 500, 520, 540]
    await rows(SYSTEM_CONTEXT, sql`insert into red_notices (partner_id, subject_id, revision, mechanism, requesting_country, status, facts,
        profiles, charge_categories, current_score, current_band, current_indicators, created_at)
      select ${partner!.id}::uuid, gen_random_uuid(), 1, 'red_notice', case when g = any(${`{${liechtenstein.join(',')}}`}::int[]) then 'LI' else 'AT' end,
        'active', '{}'::jsonb, '{}', array['other'], 40, 'elevated', '{}', timestamptz '2021-01-01' + g * interval '1 hour'
      from generate_series(1, 600) g`)
    await debugSession(async (client, messages) => {
      const atOnce = (): number => messages('red_notice_search_page (walk on at once)')
      const filter: Filter = { terms: ['country:LI'] }
      for (const [role, own] of [['analyst', null], ['reporter', partner!.id]] as Array<[string, string | null]>) {
        await client.query("select set_config('app.role', $1, false), set_config('app.partner_id', $2, false)", [role, own ?? partners[0]])
        const want = await expected(filter, 'createdAt', null, 10, own)
        expect(want).toHaveLength(10)
        for (const fallback of ['once:probes', 'once:probes:1', 'once:collect', 'once:walk:3+'] as const) {
          const before = atOnce()
          const { rows: got } = await client.query<{ id: string }>('select report_id::text as id from red_notice_search_page($1::jsonb, $2::text, null, null, null, 10, 1, $3::text) order by position',
            [JSON.stringify(filter), 'createdAt', fallback])
          expect(got.map((r) => r.id), JSON.stringify({ role, fallback })).toEqual(want)
          expect(atOnce() - before, JSON.stringify({ role, fallback })).toBe(1)
        }
      }
    })
  })

  it('checks a band\'s own score range on the rows the GIN finds, and only a band\'s own (0045), in every order, through whole lists', async () => {
    // The list gives a band as its score range too (`scoreFromBand`: red-notice-list.ts). With the band's term among
    // the collection's GIN terms (`/2`: both terms), that range is checked on the GIN's rows, counted from the
    // function's debug message; a narrower range (no `scoreFromBand`) is not. Bands here are scores 0–25, 26–51,
    // 52–77 and 78–100. Every page is the plain query's.
    await debugSession(async (client, messages) => {
      const onRows = (): number => messages('red_notice_search_page (band range on rows)')
      const counts = { own: 0, narrower: 0 }
      let pages = 0
      for (const [role, partner] of [['analyst', null], ['reporter', partners[1]!]] as Array<[string, string | null]>) {
        await client.query("select set_config('app.role', $1, false), set_config('app.partner_id', $2, false)", [role, partner ?? partners[0]])
        for (const [kind, filter] of [
          ['own', { terms: ['band:high', 'charge_category:extremism'], minScore: 52, maxScore: 77, scoreFromBand: true }],
          ['own', { terms: ['band:elevated', 'profile:journalist'], minScore: 26, maxScore: 51, createdFrom: '2024-02-01T00:00:00.000Z', scoreFromBand: true }],
          ['narrower', { terms: ['band:high', 'charge_category:extremism'], minScore: 60, maxScore: 77 }]
        ] as Array<['own' | 'narrower', Filter]>) {
          for (const order of ['-score', 'createdAt', '-createdAt'] as const) {
            for (const fallback of ['collect/2', 'probes:1/2'] as const) {
              let after: Position | null = null
              for (let n = 0; n < 30; n++) {
                const want = await expected(filter, order, after, 3, partner)
                const before = onRows()
                const { rows: got } = await client.query<{ id: string }>('select report_id::text as id from red_notice_search_page($1::jsonb, $2::text, $3::timestamptz, $4::integer, $5::uuid, 3, 1, $6::text) order by position',
                  [JSON.stringify(filter), order, after?.createdAt ?? null, after?.score ?? null, after?.id ?? null, fallback])
                expect(got.map((r) => r.id), JSON.stringify({ role, filter, order, after, fallback })).toEqual(want)
                counts[kind] += onRows() - before
                pages++
                if (want.length < 3) break
                after = await position(want.at(-1)!)
              }
            }
          }
        }
      }
      expect(pages).toBeGreaterThan(40)
      expect(counts.own).toBeGreaterThan(10)
      expect(counts.narrower).toBe(0)
    })
  })

  it('orders the score buckets as the -score order, a score of 100 by the id\'s first hex digit', async () => {
    const [row] = await rows<{ buckets: number[], starts: boolean, terms: number[], keyed: boolean }>(SYSTEM_CONTEXT, sql`select
        array[red_notice_search_score_bucket(-1, '00000000-0000-0000-0000-000000000000'), red_notice_search_score_bucket(0, 'ffffffff-ffff-ffff-ffff-ffffffffffff'),
          red_notice_search_score_bucket(99, 'ffffffff-ffff-ffff-ffff-ffffffffffff'), red_notice_search_score_bucket(100, '00000000-0000-0000-0000-000000000000'),
          red_notice_search_score_bucket(100, '0fffffff-ffff-ffff-ffff-ffffffffffff'), red_notice_search_score_bucket(100, '10000000-0000-0000-0000-000000000000'),
          red_notice_search_score_bucket(100, 'a1234567-0000-0000-0000-000000000000'), red_notice_search_score_bucket(100, 'ffffffff-ffff-ffff-ffff-ffffffffffff')] as buckets,
        (select bool_and((((b.s).score_key, (b.s).report_id) <= (k.score, k.id))
            = (red_notice_search_score_bucket(k.score, k.id) >= b.bucket))
          from (select g as bucket, red_notice_search_score_bucket_start(g) as s from generate_series(-1, 25) g) b,
            (select (random() * 102)::int - 1 as score, gen_random_uuid() as id from generate_series(1, 2000)
             union all select 100, gen_random_uuid() from generate_series(1, 2000)) k) as starts,
        (select array_agg(distinct red_notice_search_score_bucket_term(g)) from generate_series(-1, 25) g) as terms,
        (select bool_and(red_notice_search_bucket_keys('{}', k.score::smallint, k.id, '2024-01-01T00:00:00Z')
            @> array[red_notice_search_score_bucket_term(red_notice_search_score_bucket(k.score, k.id))])
          from (select (random() * 102)::int - 1 as score, gen_random_uuid() as id from generate_series(1, 500)
            union all select 100, gen_random_uuid() from generate_series(1, 500)) k) as keyed`)
    expect(row!.buckets).toEqual([-1, 0, 9, 10, 10, 11, 20, 25])
    // Each bucket starts at its first position: a row is at or after it exactly when its bucket is that one or higher.
    expect(row!.starts).toBe(true)
    expect(row!.terms).toHaveLength(27)
    // The GIN's keys spell the bucket's term out (0038): the same as red_notice_search_score_bucket_term's.
    expect(row!.keyed).toBe(true)
  })

  it('puts each creation time in its 30-day span, and the span among the GIN\'s keys', async () => {
    const [row] = await rows<{ spans: number[], keys: number[], top: number[] }>(SYSTEM_CONTEXT, sql`select
        array[red_notice_search_span('1970-01-01T00:00:00Z'), red_notice_search_span('1970-01-30T23:59:59.999Z'), red_notice_search_span('1970-01-31T00:00:00Z'),
          red_notice_search_span('2024-02-01T00:00:00+05')] as spans,
        red_notice_search_bucket_keys(array[7, 8], 45::smallint, gen_random_uuid(), '1970-02-01T00:00:00Z') as keys,
        red_notice_search_bucket_keys(array[7], 100::smallint, 'c0000000-0000-0000-0000-000000000000', '1970-02-01T00:00:00Z') as top`)
    expect(row!.spans).toEqual([0, 0, 1, Math.floor((Date.parse('2024-01-31T19:00:00Z') / 1000) / 2_592_000)])
    const [decade] = await rows<{ term: number }>(SYSTEM_CONTEXT, sql`select red_notice_search_decade_term(4) as term`)
    expect(row!.keys).toEqual([7, 8, decade!.term, -2_000_000_000 + 1])
    // A score of 100: its decade's term and its bucket's (0038).
    const [ten] = await rows<{ term: number }>(SYSTEM_CONTEXT, sql`select red_notice_search_decade_term(10) as term`)
    expect(row!.top).toEqual([7, ten!.term, -2_100_000_000 + 22, -2_000_000_000 + 1])
  })

  it('gives a row scoring 100, and no other, each of its terms\' pair among the GIN\'s keys (0042)', async () => {
    const [row] = await rows<{ low: boolean, top: number[], bucket: number[], pairs: number[] }>(SYSTEM_CONTEXT, sql`select
        red_notice_search_pair_keys(array[7, 8], 99::smallint, 'c0000000-0000-0000-0000-000000000000', '1970-02-01T00:00:00Z')
          = red_notice_search_bucket_keys(array[7, 8], 99::smallint, 'c0000000-0000-0000-0000-000000000000', '1970-02-01T00:00:00Z') as low,
        red_notice_search_pair_keys(array[7, 8], 100::smallint, 'c0000000-0000-0000-0000-000000000000', '1970-02-01T00:00:00Z') as top,
        red_notice_search_bucket_keys(array[7, 8], 100::smallint, 'c0000000-0000-0000-0000-000000000000', '1970-02-01T00:00:00Z') as bucket,
        red_notice_search_top_pairs(array[7, 8]) as pairs`)
    expect(row!.low).toBe(true)
    expect(row!.pairs).toHaveLength(2)
    expect(row!.pairs).not.toContain(7)
    expect(new Set(row!.pairs).size).toBe(2)
    expect(row!.top).toEqual([...row!.bucket, ...row!.pairs])
  })

  it('spells out each score decade\'s term as red_notice_search_term makes it', async () => {
    const [row] = await rows<{ same: boolean[] }>(SYSTEM_CONTEXT, sql`select array_agg(red_notice_search_decade_term(d) = red_notice_search_term('score_decade:' || d) order by d) as same
      from generate_series(-1, 10) d`)
    expect(row!.same).toEqual(Array.from({ length: 12 }, () => true))
    const [decades] = await rows<{ decades: number[] }>(SYSTEM_CONTEXT, sql`select array_agg(red_notice_search_decade(s) order by s) as decades from unnest(array[-1, 0, 9, 10, 99, 100]) s`)
    expect(decades!.decades).toEqual([-1, 0, 0, 1, 9, 10])
  })

  it('shows a reporter without a partner nothing, and a reporter only its partner\'s reports', async () => {
    expect(await page({ role: 'reporter', partnerId: null }, { terms: [] }, '-createdAt', null, 1000, 4000)).toEqual([])
    const own = await page({ role: 'reporter', partnerId: partners[1]! }, { terms: [] }, '-createdAt', null, 1000, 4000)
    expect(own).toEqual(await expected({ terms: [] }, '-createdAt', null, 1000, partners[1]!))
    expect(own.length).toBeGreaterThan(0)
  })
})
