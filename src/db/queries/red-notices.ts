import { and, asc, desc, eq, getTableColumns, inArray, isNull, sql, type SQL } from 'drizzle-orm'
import { PgDialect } from 'drizzle-orm/pg-core'
import type { Database } from '../client.ts'
import { queryInContext, readThenWriteInContext, type DbContext, type StatementText, type Transaction } from '../context.ts'
import { redNoticeRevisions, redNotices } from '../schema.ts'
import { RULESET_VERSION } from '../../domain/index.ts'
import type { ScoreSummary } from './score-summaries.ts'
import { columnsRow, rowsOf } from './sql-helpers.ts'

export type RedNoticeRow = typeof redNotices.$inferSelect
export type RedNoticeRevisionRow = typeof redNoticeRevisions.$inferSelect

/** Row-level security decides visibility: another partner's report is simply not found. */
export async function findRedNotice (tx: Transaction, id: string, options: { forUpdate?: boolean } = {}): Promise<RedNoticeRow | null> {
  const query = tx.select().from(redNotices).where(eq(redNotices.id, id))
  const [row] = options.forUpdate === true ? await query.for('update') : await query
  return row ?? null
}

export async function updateRedNotice (tx: Transaction, id: string, values: Partial<typeof redNotices.$inferInsert>): Promise<RedNoticeRow> {
  const [row] = await tx.update(redNotices).set({ ...values, updatedAt: new Date() }).where(eq(redNotices.id, id)).returning()
  if (row === undefined) throw new Error('red notice update returned nothing')
  return row
}

export async function insertRedNoticeRevision (tx: Transaction, revision: typeof redNoticeRevisions.$inferInsert): Promise<void> {
  await tx.insert(redNoticeRevisions).values(revision)
}

export async function listRedNoticeRevisions (tx: Transaction, reportId: string): Promise<RedNoticeRevisionRow[]> {
  return await tx.select().from(redNoticeRevisions).where(eq(redNoticeRevisions.reportId, reportId)).orderBy(asc(redNoticeRevisions.revision))
}

export async function findRedNoticeRevision (tx: Transaction, reportId: string, revision: number): Promise<RedNoticeRevisionRow | null> {
  const [row] = await tx.select().from(redNoticeRevisions).where(and(eq(redNoticeRevisions.reportId, reportId), eq(redNoticeRevisions.revision, revision)))
  return row ?? null
}

/** Which of these ids name a red notice of this partner that the transaction's context may read. */
export async function readableRedNoticeIds (tx: Transaction, partnerId: string, ids: readonly string[]): Promise<string[]> {
  const rows = await tx.select({ id: redNotices.id }).from(redNotices).where(and(inArray(redNotices.id, [...ids]), eq(redNotices.partnerId, partnerId)))
  return rows.map((row) => row.id)
}

/** Confirms a subject's current reports on it (the secretariat's decision); returns them. */
export async function confirmSubjectReports (tx: Transaction, subjectId: string): Promise<Array<{ id: string, revision: number, partnerId: string }>> {
  return await tx.update(redNotices).set({ confirmedSubjectId: subjectId })
    .where(and(eq(redNotices.subjectId, subjectId), isNull(redNotices.withdrawnAt), isNull(redNotices.erasedAt)))
    .returning({ id: redNotices.id, revision: redNotices.revision, partnerId: redNotices.partnerId })
}

/** Erasure: the data key and every revision's ciphertext go; the facts stay for statistics. */
export async function eraseRedNoticeIdentities (tx: Transaction, id: string): Promise<number> {
  await tx.update(redNotices).set({ wrappedKey: null, identity: null, erasedAt: new Date(), updatedAt: new Date() }).where(eq(redNotices.id, id))
  const revisions = await tx.update(redNoticeRevisions).set({ identity: null }).where(eq(redNoticeRevisions.reportId, id)).returning({ revision: redNoticeRevisions.revision })
  return revisions.length
}

export type RedNoticeOrder = 'createdAt' | '-createdAt' | '-score'

export type FacetKind = 'indicator' | 'profile' | 'charge_category'

/** One value of a report's current indicators, profiles or charge categories. */
export interface Facet { kind: FacetKind, value: string }

export interface RedNoticeListFilter {
  conditions: SQL[]
  order: RedNoticeOrder
  /**
   * The same filters as values, for red_notice_search_page (migration 0022): when given, the page's ids come
   * from the search table (any combination, any order, bounded cost) and `conditions` only recheck its rows.
   */
  search?: SearchFilter
  /**
   * With `search`: the same rechecks as `conditions`, as values, so that a list page's statement is one fixed text
   * per order (readRedNoticePage) instead of SQL built for every request.
   */
  recheck?: RecheckValues
  /** Keyset position: rows strictly after this one in the chosen order. */
  after?: { createdAt: Date, id: string } | { score: number, id: string }
  limit: number
}

/** The list's filters as red_notice_search_page takes them: equality filters as terms ('profile:journalist'). */
export interface SearchFilter {
  terms: string[]
  minScore?: number
  maxScore?: number
  /**
   * The score range is exactly the band's (a `band` term among `terms`, no narrower score filter): the search then
   * checks it on the rows the band's term finds instead of reading the score index for it (migration 0045).
   */
  scoreFromBand?: boolean
  createdFrom?: string
  createdTo?: string
}

/** The conditions the list rechecks on a search page's rows (red-notice-list.ts), as values; absent: no condition. */
export interface RecheckValues {
  partnerId?: string
  requestingCountry?: string
  mechanism?: string
  status?: string
  createdFrom?: Date
  createdBefore?: Date
  band?: string
  minScore?: number
  maxScore?: number
  indicator?: string
  profile?: string
  chargeCategory?: string
}

/** Unscored reports sort after every scored one in the -score order. */
export const scoreSortKey = sql<number>`coalesce(${redNotices.currentScore}, -1)`

const keys = { score: scoreSortKey, createdAt: redNotices.createdAt, id: redNotices.id }

export async function listRedNotices (tx: Transaction, filter: RedNoticeListFilter): Promise<RedNoticeRow[]> {
  return await redNoticeListQuery(tx, filter)
}

/** The list's one data statement, unexecuted: listRedNotices runs it, readRedNoticePage builds on it. */
function redNoticeListQuery (tx: Transaction, filter: RedNoticeListFilter) {
  const conditions = [...filter.conditions]
  const after = filter.after
  let order: SQL[]
  if (filter.order === '-score') {
    if (after !== undefined && 'score' in after) {
      // Row comparisons rather than the equivalent ORs: PostgreSQL can use them as index conditions, which
      // makes each later page cheaper (an export pages through every report).
      conditions.push(sql`(${keys.score}, ${keys.id}) < (${after.score}::integer, ${after.id}::uuid)`)
    }
    order = [desc(keys.score), desc(keys.id)]
  } else {
    const ascending = filter.order === 'createdAt'
    if (after !== undefined && 'createdAt' in after) {
      // Rows carry millisecond timestamps set by the application, so the cursor's Date compares exactly.
      const position = sql`(${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)`
      conditions.push(ascending ? sql`(${keys.createdAt}, ${keys.id}) > ${position}` : sql`(${keys.createdAt}, ${keys.id}) < ${position}`)
    }
    order = ascending ? [asc(keys.createdAt), asc(keys.id)] : [desc(keys.createdAt), desc(keys.id)]
  }
  if (filter.search !== undefined) {
    // The function does the filtering, ordering and paging; red_notices gives the rows, under its policy.
    const afterCreatedAt = after !== undefined && 'createdAt' in after ? after.createdAt.toISOString() : null
    const afterScore = after !== undefined && 'score' in after ? after.score : null
    const page = sql`select report_id from red_notice_search_page(${JSON.stringify(filter.search)}::jsonb, ${filter.order}::text,
      ${afterCreatedAt}::timestamptz, ${afterScore}::integer, ${after?.id ?? null}::uuid, ${filter.limit}::integer)`
    // `= any(array(…))`, not `in (…)`: the planner then costs the page's ids as an array of a few (an index scan of
    // the primary key), never below a bitmap of the rechecked filters' own indexes. With `in`, a reporter's partner
    // and, say, country looked selective enough together to read the country's whole index list instead (9,400
    // entries, 2.5 ms, for a page of none) without ever running the function.
    return tx.select().from(redNotices).where(and(sql`${redNotices.id} = any(array(${page}))`, ...filter.conditions)).orderBy(...order).limit(filter.limit)
  }
  return tx.select().from(redNotices).where(and(...conditions)).orderBy(...order).limit(filter.limit)
}

/** Who reads a page: the audit event's actor, and whether identities are theirs to see (seesIdentities). */
export interface PageReader { role: DbContext['role'], partnerId: string, apiKeyId: string, requestId: string }

/**
 * The columns a listed report's view and cursor need. Not the search copies (profiles, charge categories,
 * indicators: text arrays cost node-postgres as much to parse as the facts), and the ciphertext and wrapped
 * key only for the reader who may open them: for everyone else they never leave the database.
 */
const LISTED_COLUMNS = (({ id, partnerId, subjectId, revision, facts, identity, wrappedKey, currentScore, createdAt, updatedAt, withdrawnAt, erasedAt }) =>
  ({ id, partnerId, subjectId, revision, facts, identity, wrappedKey, currentScore, createdAt, updatedAt, withdrawnAt, erasedAt }))(getTableColumns(redNotices))

/** The listed row's columns as values: its facts come as text instead (ListedRedNotice.factsJson). */
const { facts: _factsAsText, ...LISTED_ROW_COLUMNS } = LISTED_COLUMNS

export type ListedRedNoticeRow = Pick<RedNoticeRow, keyof typeof LISTED_ROW_COLUMNS>

/**
 * A listed report: its row, and its stored facts as PostgreSQL writes them (`factsJson`): a pseudonymised view is those
 * facts unchanged, never parsed and written again, and the reporter's own view parses them once (docs/analyst-queries.md,
 * "What a page costs besides its statement").
 */
export interface ListedRedNotice { row: ListedRedNoticeRow, factsJson: string }

/** What a served report's view shows beside its row (cf. redNoticeViews for single reads). */
export interface ListedExtras { otherReports: number, score: ScoreSummary | undefined, failed: boolean }

/**
 * A page of the list, in the reader's context, in one transaction whose statements are prepared once per connection.
 * The read finds the page's rows (one more than `served`, to know whether a next page exists); for the rows served it
 * also reads what their views show beside them (their extras) and records a `red_notice.read` audit event each.
 * `render` is called with the rows and with the extras as a promise; what it made is returned only once the read
 * events are committed. Two forms (pageFormOf):
 * - `whole`, for readers who can open no identity: one statement reads the rows with their extras and writes the read
 *   events, sent with BEGIN, the context and COMMIT in one round trip (queryInContext); `render` then has little to
 *   do (a pseudonymised page passes the stored facts on as text).
 * - `split`, for a reporter, whose own rows' identities are opened and joined into their facts (most of its page's
 *   time in the service): the read returns the rows alone, then the extras (pageExtrasStatement), the read events
 *   (readEventsStatement) and COMMIT go out together, and `render` opens the identities while PostgreSQL runs them
 *   (readThenWriteInContext).
 */
export async function readRedNoticePage<R> (db: Database, context: DbContext, filter: RedNoticeListFilter & { served: number }, reader: PageReader,
  render: (listed: ListedRedNotice[], extras: Promise<ListedExtras[]>) => R | Promise<R>): Promise<R> {
  const statement = redNoticePageQuery(db, filter, reader)
  const listedOf = (rows: Array<Record<string, unknown>>): ListedRedNotice[] =>
    rows.map((raw) => ({ row: columnsRow(LISTED_ROW_COLUMNS, raw) as ListedRedNoticeRow, factsJson: raw.listed_facts_json as string }))
  // Pages that can open no identity commit without waiting for the WAL flush (ContextOptions.readEventsOnly); a
  // page's statements run their generic plans (ContextOptions.genericPlans).
  const options = { readEventsOnly: true, genericPlans: true }
  if (pageFormOf(reader) === 'whole') {
    const rows = await queryInContext(db, context, statement, options)
    return await render(listedOf(rows), Promise.resolve(rows.slice(0, filter.served).map(extrasOf)))
  }
  return await readThenWriteInContext<R>(db, context, statement, (rows) => {
    const served = rows.slice(0, filter.served)
    if (served.length === 0) return { then: [], work: async () => await render(listedOf(rows), Promise.resolve([])) }
    return {
      then: [pageExtrasStatement(served, reader), readEventsStatement(served, reader)],
      work: async (answers) => await render(listedOf(rows), answers.then(([extras]) => extras!.map(extrasOf)))
    }
  }, options)
}

type PageForm = 'whole' | 'split'
const pageFormOf = (reader: PageReader): PageForm => reader.role === 'reporter' ? 'split' : 'whole'

const extrasOf = (raw: Record<string, unknown>): ListedExtras => ({
  otherReports: Number(raw.listed_other_reports),
  score: raw.listed_score === null ? undefined : { score: Number(raw.listed_score), band: raw.listed_band as ScoreSummary['band'] },
  failed: raw.listed_failed === true
})

/**
 * A listed row's extras as columns of the relation `r` (its id, revision, partner_id and subject_id): its count of other
 * reports on its subject (as countOtherReportsMany counts them: for a reporter, only its own reports sharing a blind
 * index with this one), its current score (from extrasJoin) and its final failure. `role` and `ruleset` are parameters.
 */
function extrasColumns (r: string, role: string, ruleset: string): string {
  return `(case when ${role}::text = 'reporter' then
        (select count(distinct other.report_id) from subject_indexes mine
          join subject_indexes other on other.index_value = mine.index_value and other.report_id <> mine.report_id
          join red_notices o on o.id = other.report_id and o.partner_id = ${r}.partner_id
          where mine.report_id = ${r}.id)
      else
        (select count(distinct other.report_id) from subject_indexes other
          where other.subject_id = ${r}.subject_id and other.report_id <> ${r}.id)
      end)::integer as listed_other_reports,
      current.score as listed_score, current.band as listed_band,
      exists (select 1 from scoring_failures failure where failure.report_kind = 'red_notice' and failure.report_id = ${r}.id
        and failure.revision = ${r}.revision and failure.ruleset_version = ${ruleset}::text and failure.final) as listed_failed`
}

function extrasJoin (r: string, ruleset: string): string {
  return `left join scores current on current.report_kind = 'red_notice' and current.report_id = ${r}.id and current.revision = ${r}.revision
      and current.ruleset_version = ${ruleset}::text and current.superseded_at is null`
}

/**
 * A column of the served rows as one comma-separated text, which the statement splits (`string_to_array`): uuids,
 * integers and booleans hold no comma, and PGlite's driver, unlike node-postgres, sends no JavaScript array as a
 * PostgreSQL array.
 */
const listOf = (served: ReadonlyArray<Record<string, unknown>>, column: string): string => served.map((raw) => String(raw[column])).join(',')

/** The split form's extras of the served rows, in their order, for the revisions the page read. */
const PAGE_EXTRAS_TEXT = `select ${extrasColumns('served', '$1', '$2')}
    from unnest(string_to_array($3::text, ',')::uuid[], string_to_array($4::text, ',')::integer[], string_to_array($5::text, ',')::uuid[],
      string_to_array($6::text, ',')::uuid[]) with ordinality as served(id, revision, partner_id, subject_id, position)
    ${extrasJoin('served', '$2')}
    order by served.position`

function pageExtrasStatement (served: ReadonlyArray<Record<string, unknown>>, reader: PageReader): StatementText {
  return {
    text: PAGE_EXTRAS_TEXT,
    values: [reader.role, RULESET_VERSION, listOf(served, 'id'), listOf(served, 'revision'), listOf(served, 'partner_id'), listOf(served, 'subject_id')]
  }
}

/** A read event's columns: whether the reader was given the report's identity is as the read statement decided it. */
const readEventColumns = (partner: string, key: string, request: string, r: string, opensIdentity: string): string =>
  `${partner}::uuid, ${key}::uuid, 'red_notice.read', 'red_notice', ${r}.id, ${request}::text,
      jsonb_build_object('revision', ${r}.revision, 'identities', ${opensIdentity}, 'via', 'list')`

const READ_EVENTS_INSERT = 'insert into audit_events (actor_partner_id, actor_key_id, action, target_kind, target_id, request_id, details)'

/** The split form's read events of the served rows. */
const READ_EVENTS_TEXT = `${READ_EVENTS_INSERT}
    select ${readEventColumns('$1', '$2', '$3', 'served', 'served.opens_identity')}
    from unnest(string_to_array($4::text, ',')::uuid[], string_to_array($5::text, ',')::integer[], string_to_array($6::text, ',')::boolean[])
      with ordinality as served(id, revision, opens_identity, position)
    order by served.position`

function readEventsStatement (served: ReadonlyArray<Record<string, unknown>>, reader: PageReader): StatementText {
  return {
    text: READ_EVENTS_TEXT,
    values: [reader.partnerId, reader.apiKeyId, reader.requestId, listOf(served, 'id'), listOf(served, 'revision'), served.map((raw) => raw.listed_opens_identity === true).join(',')]
  }
}

/**
 * readRedNoticePage's read statement, unexecuted. A search page (every filter but subjectId) is one fixed text per
 * order with the filters as values (searchPageStatement); a subject's page is built as SQL (redNoticePageStatement).
 */
export function redNoticePageQuery (db: Database, filter: RedNoticeListFilter & { served: number }, reader: PageReader): StatementText {
  return filter.search !== undefined && filter.recheck !== undefined
    ? searchPageStatement(filter as RedNoticeListFilter & { served: number, search: SearchFilter, recheck: RecheckValues }, reader)
    : redNoticePageStatement(db, filter, reader)
}

/**
 * The read statement after its rows were found (the CTE `page`, with `position`): each row's columns, and whether its
 * identity is the reader's to open (only then are its ciphertext and wrapped key read out). In the whole form
 * (readRedNoticePage) also each row's extras and, for the first `served`, its read event. `$p(i)` names the i-th of the
 * reader's parameters (pageReaderValues).
 */
function pageRest (form: PageForm, p: (i: number) => string): string {
  const opensIdentities = `(${p(1)}::text = 'reporter' and page.partner_id = ${p(0)}::uuid)`
  const whole = form === 'whole'
  const readEvents = `, served_audit as (
      ${READ_EVENTS_INSERT}
      select ${readEventColumns(p(0), p(2), p(3), 'page', opensIdentities)}
      from page where page.position <= ${p(4)}::integer
    )`
  const extras = `,
      ${extrasColumns('page', p(1), p(5))}`
  return `${whole ? readEvents : ''}
    select ${Object.values(LISTED_ROW_COLUMNS).filter((c) => c !== redNotices.identity && c !== redNotices.wrappedKey).map((c) => `page."${c.name}"`).join(', ')},
      case when ${opensIdentities} then page.identity end as identity, case when ${opensIdentities} then page.wrapped_key end as wrapped_key,
      ${opensIdentities} as listed_opens_identity,
      -- As text, whoever reads: a pseudonymised view passes them on as they are, a reporter's own view parses them
      -- once to join its identities (red-notice-list.ts).
      page.facts::text as listed_facts_json${whole ? extras : ''}
    from page
    ${whole ? extrasJoin('page', p(5)) : ''}
    order by page.position`
}

/** pageRest's parameters, in its order: partner and role, then for the whole form the key, request, served rows and ruleset. */
function pageReaderValues (form: PageForm, filter: { served: number }, reader: PageReader): unknown[] {
  return form === 'whole'
    ? [reader.partnerId, reader.role, reader.apiKeyId, reader.requestId, filter.served, RULESET_VERSION]
    : [reader.partnerId, reader.role]
}

const dialect = new PgDialect({ casing: 'snake_case' })

const SEARCH_ORDER: Record<RedNoticeOrder, string> = {
  '-score': 'coalesce(r.current_score, -1) desc, r.id desc',
  createdAt: 'r.created_at asc, r.id asc',
  '-createdAt': 'r.created_at desc, r.id desc'
}

/**
 * A search page's statement: the page's ids from red_notice_search_page, its rows read from red_notices under
 * their policy and every filter rechecked on them (as redNoticeFilter's conditions: a condition whose value is null
 * is no condition), then pageRest. One text per order and form, built once: per request only the values change, and the
 * rows are found by the primary key whatever the filters (the conditions cannot serve as index conditions, so a
 * reporter's partner and, say, country are not read as a bitmap of their own indexes).
 */
const searchPageTexts = new Map<string, string>()
function searchPageText (order: RedNoticeOrder, form: PageForm): string {
  let text = searchPageTexts.get(`${order} ${form}`)
  if (text === undefined) {
    text = `
    with page as materialized (
      select ${Object.values(LISTED_COLUMNS).map((c) => `r."${c.name}"`).join(', ')}, row_number() over (order by ${SEARCH_ORDER[order]}) as position
      from red_notices r
      where r.id = any(array(select s.report_id from red_notice_search_page($1::jsonb, $2::text, $3::timestamptz, $4::integer, $5::uuid, $6::integer) s))
        and ($7::uuid is null or r.partner_id = $7::uuid)
        and ($8::text is null or r.requesting_country = $8::text)
        and ($9::text is null or r.mechanism = $9::text)
        and ($10::text is null or r.status = $10::text)
        and ($11::timestamptz is null or r.created_at >= $11::timestamptz)
        and ($12::timestamptz is null or r.created_at < $12::timestamptz)
        and ($13::text is null or r.current_band = $13::text)
        and ($14::integer is null or coalesce(r.current_score, -1) >= $14::integer)
        and ($15::integer is null or coalesce(r.current_score, -1) between 0 and $15::integer)
        and ($16::text is null or r.current_indicators @> array[$16::text])
        and ($17::text is null or r.profiles @> array[$17::text])
        and ($18::text is null or r.charge_categories @> array[$18::text])
      order by ${SEARCH_ORDER[order]} limit $6::integer
    )${pageRest(form, (i) => `$${19 + i}`)}`
    searchPageTexts.set(`${order} ${form}`, text)
  }
  return text
}

function searchPageStatement (filter: RedNoticeListFilter & { served: number, search: SearchFilter, recheck: RecheckValues }, reader: PageReader): StatementText {
  const { after, recheck: r } = filter
  const value = <T>(v: T | undefined): T | null => v ?? null
  return {
    text: searchPageText(filter.order, pageFormOf(reader)),
    values: [
      JSON.stringify(filter.search), filter.order,
      after !== undefined && 'createdAt' in after ? after.createdAt.toISOString() : null,
      after !== undefined && 'score' in after ? after.score : null,
      after?.id ?? null, filter.limit,
      value(r.partnerId), value(r.requestingCountry), value(r.mechanism), value(r.status),
      r.createdFrom?.toISOString() ?? null, r.createdBefore?.toISOString() ?? null, value(r.band),
      value(r.minScore), value(r.maxScore), value(r.indicator), value(r.profile), value(r.chargeCategory),
      ...pageReaderValues(pageFormOf(reader), filter, reader)
    ]
  }
}

/**
 * readRedNoticePage's statement for pages that are not a search's (a subject's reports): the list's query built as
 * SQL, then pageRest.
 */
export function redNoticePageStatement (db: Database, filter: RedNoticeListFilter & { served: number }, reader: PageReader): StatementText {
  // Only builds the list's query: a database handle builds the same SQL as a transaction.
  const listed = dialect.sqlToQuery(redNoticeListQuery(db as unknown as Transaction, filter).getSQL())
  const order = filter.order === '-score'
    ? 'coalesce(q.current_score, -1) desc, q.id desc'
    : filter.order === 'createdAt' ? 'q.created_at asc, q.id asc' : 'q.created_at desc, q.id desc'
  const first = listed.params.length + 1
  return {
    text: `
    with page as materialized (
      select q.*, row_number() over (order by ${order}) as position from (${listed.sql}) q
    )${pageRest(pageFormOf(reader), (i) => `$${first + i}`)}`,
    values: [...listed.params, ...pageReaderValues(pageFormOf(reader), filter, reader)]
  }
}

export type FilingResult =
  /** `linked`: the reports whose scoring context this one changes (its subject's, those it names), any partner's. */
  | { status: 'created', subjectId: string, matched: boolean, otherReports: number, linked: Array<{ id: string, revision: number }> }
  | { status: 'replay', resourceId: string }
  | { status: 'in_progress' }
  | { status: 'body_mismatch' }

export interface Filing {
  context: DbContext
  report: RedNoticeRow
  /** Blind indexes of the subject; keyed hashes only. */
  indexes: readonly string[]
  idempotency?: { key: string, route: string, requestHash: string }
  audit: { actorPartnerId: string, actorKeyId: string, requestId: string, action: string, details: Record<string, unknown> }
}

/** A filing as file_red_notices (migration 0017) takes it: file_red_notice's arguments as one object. */
function filingArgument (filing: Filing) {
  const { report, audit } = filing
  return {
    role: filing.context.role,
    partner: filing.context.partnerId,
    report: {
      id: report.id,
      partner_id: report.partnerId,
      subject_id: report.subjectId,
      mechanism: report.mechanism,
      requesting_country: report.requestingCountry,
      status: report.status,
      facts: report.facts,
      identity: report.identity,
      wrapped_key: report.wrappedKey,
      profiles: report.profiles,
      charge_categories: report.chargeCategories,
      created_at: report.createdAt.toISOString()
    },
    indexes: filing.indexes,
    idempotency: filing.idempotency ?? null,
    audit: { actor_partner_id: audit.actorPartnerId, actor_key_id: audit.actorKeyId, request_id: audit.requestId, action: audit.action, details: audit.details }
  }
}

/**
 * Files reports in one statement and transaction (migration 0017's file_red_notices): for each, the
 * idempotency claim, subject link, report, first revision, indexes and audit event. All or none: a filing
 * that fails fails its batch. Run outside any transaction: the statement is its own.
 */
export async function fileRedNotices (db: Database, filings: readonly Filing[]): Promise<FilingResult[]> {
  const result = await db.execute(sql`select file_red_notices(${JSON.stringify(filings.map(filingArgument))}::jsonb) as results`)
  const [first] = rowsOf<{ results: FilingResult[] | string }>(result)
  if (first === undefined) throw new Error('file_red_notices returned nothing')
  // node-postgres parses jsonb; keep working should a driver hand it back as text.
  const results = typeof first.results === 'string' ? JSON.parse(first.results) as FilingResult[] : first.results
  if (results.length !== filings.length) throw new Error(`file_red_notices answered ${results.length} results for ${filings.length} filings`)
  return results
}
