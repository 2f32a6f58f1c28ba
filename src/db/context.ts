import { createHash } from 'node:crypto'
import { is, sql, SQL } from 'drizzle-orm'
import { PgDialect } from 'drizzle-orm/pg-core'
import pg from 'pg'
import type { Database } from './client.ts'

export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0]

/**
 * Who a transaction acts for. Row-level security reads these settings, so a query that forgets its
 * partner filter still returns only what this context may see.
 * - reporter/analyst/admin: an API caller; system: workers and the reconciler; auth: the API-key lookup.
 */
export interface DbContext {
  role: 'reporter' | 'analyst' | 'admin' | 'system' | 'auth'
  partnerId: string | null
}

export const SYSTEM_CONTEXT: DbContext = { role: 'system', partnerId: null }

export interface ContextOptions {
  /**
   * The transaction's only writes are the audit events of the reads it serves. For any role but a reporter's no
   * identity can be opened in it (the pages are pseudonymised), so it commits without waiting for its WAL flush:
   * the flush's tail latency was most of such a page's p95 on a loaded machine, and what it risks is only those
   * read events of the last moments (about 3 × wal_writer_delay, 600 ms by default) if PostgreSQL itself crashes,
   * never a report, a score or the record of an identity read. A reporter's reads (its own identities) keep
   * synchronous commits. Set with the context, in the same statement: no round trip of its own.
   */
  readEventsOnly?: boolean
  /**
   * The transaction's statements are fixed texts whose plans must not follow their values: a list page's, where the
   * search function picks the page's ids and the statement reads those rows by primary key, every filter a recheck
   * (`$n is null or …`) on them. Their prepared statements then run their generic plan from the first execution
   * (plan_cache_mode), instead of a custom plan made again for each request's values: a reporter's page was planned
   * anew every time, 0.35 ms of PostgreSQL's time before the service could begin its part, and a custom plan turns a
   * recheck whose value is given into an index condition. Only where statements are prepared (queryInContext and
   * readThenWriteInContext on a pool); set with the context, in the same statement.
   */
  genericPlans?: boolean
}

/** Whether the transaction commits without waiting for its WAL flush (ContextOptions.readEventsOnly): never a reporter's. */
function relaxesCommit (context: DbContext, options: ContextOptions): boolean {
  return options.readEventsOnly === true && context.role !== 'reporter'
}

/** Runs fn in one transaction whose settings carry the context (transaction-local: safe with pooling). */
export async function withContext<T> (db: Database, context: DbContext, fn: (tx: Transaction) => Promise<T>, options: ContextOptions = {}): Promise<T> {
  const relaxCommit = relaxesCommit(context, options)
  return await db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.role', ${context.role}, true), set_config('app.partner_id', ${context.partnerId ?? ''}, true)${relaxCommit ? sql`, set_config('synchronous_commit', 'off', true)` : sql``}`)
    return await fn(tx)
  })
}

const dialect = new PgDialect({ casing: 'snake_case' })

// As drizzle's node-postgres driver reads results: dates, timestamps and intervals (and their arrays) as the
// text PostgreSQL sends, which the columns' own mappers (columnsRow) turn into values.
const TEXT_TYPES = new Set([1082, 1114, 1184, 1186, 1115, 1182, 1185, 1187, 1231])
const types = { getTypeParser: (oid: number, format?: string) => TEXT_TYPES.has(oid) ? (value: string) => value : pg.types.getTypeParser(oid, format as 'text') }

/**
 * How many distinct statements are kept prepared (named) per connection. A list page's text depends on which
 * filters are present, not on their values: a few dozen shapes in practice. Past the bound, statements are sent
 * unnamed (planned each time), so an unusual client cannot grow every connection's plan cache without end.
 */
const MAX_NAMED_STATEMENTS = 64
const statementNames = new Map<string, string>()

function statementName (text: string): string | undefined {
  let name = statementNames.get(text)
  if (name === undefined && statementNames.size < MAX_NAMED_STATEMENTS) {
    name = `rnm_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`
    statementNames.set(text, name)
  }
  return name
}

/**
 * A statement as text with numbered parameters ($1, $2, …), for statements whose text is fixed (built once, not
 * per call): queryInContext sends it as it is, without drizzle's SQL building.
 */
export interface StatementText { text: string, values: unknown[] }

function isSQL (statement: SQL | StatementText): statement is SQL {
  return is(statement, SQL)
}

/** The same statement as drizzle SQL (for embedded mode): every `$n` becomes a parameter of its own with that value. */
export function sqlOfText ({ text, values }: StatementText): SQL {
  const parts = text.split(/\$(\d+)/)
  const chunks: SQL[] = []
  for (let i = 0; i < parts.length; i++) {
    chunks.push(i % 2 === 0 ? sql.raw(parts[i]!) : sql`${values[Number(parts[i]) - 1]}`)
  }
  return sql.join(chunks, sql``)
}

const SET_CONTEXT = "select set_config('app.role', $1, true), set_config('app.partner_id', $2, true), set_config('synchronous_commit', $3, true), " +
  "set_config('plan_cache_mode', coalesce($4::text, current_setting('plan_cache_mode')), true)"

/**
 * One statement in a transaction that carries the context, as withContext runs it, in one round trip instead
 * of four: BEGIN, the context, the statement and COMMIT are written together (node-postgres's pipeline mode,
 * switched on for this checkout only: the pool's other users, COPY among them, need it off) and PostgreSQL runs
 * them in order. If any fails, those after it fail too ("current transaction is aborted") and COMMIT rolls back,
 * so the statement never runs outside its context. The context statement and the statement are prepared once
 * per connection (named), so a page's plan is not made again on every request. Returns the statement's rows.
 * Embedded mode (PGlite, one session) runs withContext.
 */
export async function queryInContext<T = Record<string, unknown>> (db: Database, context: DbContext, statement: SQL | StatementText, options: ContextOptions = {}): Promise<T[]> {
  const pool = (db as unknown as { $client?: unknown }).$client
  if (!(pool instanceof pg.Pool)) {
    const query = isSQL(statement) ? statement : sqlOfText(statement)
    return await withContext(db, context, async (tx) => (await tx.execute(query) as unknown as { rows: T[] }).rows, options)
  }
  const { sql: text, params } = isSQL(statement) ? dialect.sqlToQuery(statement) : { sql: statement.text, params: statement.values }
  const session = await PipelinedSession.open(pool)
  try {
    const settled = await session.settle(session.send([
      'begin',
      contextQuery(context, options),
      { name: statementName(text), text, values: params, types },
      'commit'
    ]))
    if (settled.failed !== undefined) throw await session.abort(settled.failed)
    return detachRows(settled.results[2] as { rows: T[] })
  } finally {
    session.release()
  }
}

/**
 * What readThenWriteInContext does after a read: `then`, the statements that follow it in its transaction before
 * COMMIT (the writes that record what the read served, the reads that complete it), and `work`, what is made of the
 * read's rows while those run. `work` is given their rows, in their order, as a promise (a write's rows are none): its
 * synchronous part runs at once, while PostgreSQL runs them.
 */
export interface FollowUp<R> {
  then: StatementText[]
  work: (answers: Promise<Array<Array<Record<string, unknown>>>>) => R | Promise<R>
}

/**
 * A read, then statements its rows decide, in one transaction that carries the context (a list page, then its rows'
 * scores and read events). BEGIN, the context and the read go out together (as queryInContext's); once the read's
 * rows are here, the statements that follow and COMMIT go out together, and `work` runs on the rows while PostgreSQL
 * runs them, on the other core. What `work` made is returned only once COMMIT has answered: nothing leaves the service
 * before the transaction that records it is committed. Should `work` throw, the transaction is still committed (the
 * rows were read) and its error thrown; should a statement or COMMIT fail, the transaction is rolled back and what
 * `work` made is dropped. Embedded mode (PGlite, one session) runs the read and the statements in withContext, then
 * `work`.
 */
export async function readThenWriteInContext<R> (db: Database, context: DbContext, read: StatementText, followUp: (rows: Array<Record<string, unknown>>) => FollowUp<R>, options: ContextOptions = {}): Promise<R> {
  const pool = (db as unknown as { $client?: unknown }).$client
  if (!(pool instanceof pg.Pool)) {
    const { plan, answers } = await withContext(db, context, async (tx) => {
      const rowsOf = async (statement: StatementText) => (await tx.execute(sqlOfText(statement)) as unknown as { rows: Array<Record<string, unknown>> }).rows
      const planned = followUp(await rowsOf(read))
      const answered: Array<Array<Record<string, unknown>>> = []
      for (const statement of planned.then) answered.push(await rowsOf(statement))
      return { plan: planned, answers: answered }
    }, options)
    return await plan.work(Promise.resolve(answers))
  }
  const named = (statement: StatementText): PipelinedQuery => ({ name: statementName(statement.text), text: statement.text, values: statement.values, types })
  const session = await PipelinedSession.open(pool)
  try {
    const head = await session.settle(session.send(['begin', contextQuery(context, options), named(read)]))
    if (head.failed !== undefined) throw await session.abort(head.failed)
    let plan: FollowUp<R>
    try {
      plan = followUp(detachRows(head.results[2] as { rows: Array<Record<string, unknown>> }))
    } catch (err) {
      throw await session.abort(err)
    }
    const tail = session.send([...plan.then.map(named), 'commit'])
    // Settled from now on, so that none of them is ever a rejection without a handler while `work` runs; their
    // failure is reported below, after `work`, which may never await them.
    const written = session.settle(tail)
    const answers = Promise.all(tail.slice(0, plan.then.length)).then((results) => results.map((result) => detachRows(result as { rows: Array<Record<string, unknown>> })))
    answers.catch(() => {})
    let made: { value: R } | { error: unknown }
    try {
      made = { value: await plan.work(answers) }
    } catch (error) {
      made = { error }
    }
    const { failed } = await written
    if (failed !== undefined) throw await session.abort(failed)
    if ('error' in made) throw made.error
    return made.value
  } finally {
    session.release()
  }
}

type PipelinedQuery = string | { name?: string, text: string, values: unknown[], types?: typeof types }

function contextQuery (context: DbContext, options: ContextOptions): PipelinedQuery {
  return { name: 'rnm_set_context', text: SET_CONTEXT, values: [context.role, context.partnerId ?? '', relaxesCommit(context, options) ? 'off' : 'on', options.genericPlans === true ? 'force_generic_plan' : null] }
}

/**
 * A pooled connection in node-postgres's pipeline mode, switched on for this checkout only (the pool's other users,
 * COPY among them, need it off): queries written together, each one's answer awaited apart. `pipeline` is typed
 * read-only, but node-postgres reads it on every query: on while this client is ours, off again before it goes back,
 * so the next user of the connection finds it as it was.
 */
class PipelinedSession {
  private broken: Error | undefined
  private constructor (private readonly client: pg.PoolClient) {
    this.mode.pipeline = true
  }

  static async open (pool: pg.Pool): Promise<PipelinedSession> {
    return new PipelinedSession(await pool.connect())
  }

  private get mode (): { pipeline: boolean } {
    return this.client as unknown as { pipeline: boolean }
  }

  /** The queries written to the socket in one write (node-postgres writes each on its own; corked, they go out together). */
  send (queries: readonly PipelinedQuery[]): Array<Promise<unknown>> {
    const socket = (this.client as unknown as { connection: { stream: { cork?: () => void, uncork?: () => void } } }).connection.stream
    socket.cork?.()
    try {
      return queries.map((query) => typeof query === 'string' ? this.client.query(query) : this.client.query(query as pg.QueryConfig))
    } finally {
      socket.uncork?.()
    }
  }

  /** Every answer, and the first failure among them. If one fails, those after it fail too ("current transaction is aborted"). */
  async settle (sent: Array<Promise<unknown>>): Promise<{ results: unknown[], failed?: unknown }> {
    const settled = await Promise.allSettled(sent)
    const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected')
    return failed === undefined
      ? { results: settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) }
      : { results: [], failed: failed.reason }
  }

  /**
   * As drizzle's transactions do on a throw: whatever failed, and whether or not COMMIT was sent, nothing of the
   * transaction may stay open on a connection that goes back to the pool. A connection that cannot even roll back is
   * discarded. Returns `reason`, for the caller to throw.
   */
  async abort (reason: unknown): Promise<unknown> {
    this.mode.pipeline = false
    await this.client.query('rollback').catch((err: unknown) => { this.broken = err as Error })
    return reason
  }

  release (): void {
    this.mode.pipeline = false
    this.client.release(this.broken)
  }
}

/**
 * The result's rows, taken out of node-postgres's result object. Its result objects stay reachable, for the
 * scavenger, after their query is done (from the previous requests' objects already promoted, through references
 * only a full collection drops), so every page's rows were copied at each scavenge and promoted with them: about
 * 3 MB a scavenge for 50-row pages, pauses of 3–6 ms instead of 0.5–1.2, and an old generation that filled at that rate.
 * Detached, only the result object itself is kept that way (docs/analyst-queries.md, "What a page costs besides its
 * statement").
 */
function detachRows<T> (result: { rows: T[] }): T[] {
  const rows = result.rows
  result.rows = []
  return rows
}
