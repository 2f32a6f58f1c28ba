import { sql, type Column, type SQL } from 'drizzle-orm'

/** Rows of a raw `tx.execute()`: node-postgres and PGlite both answer `{ rows }`. */
export function rowsOf<T> (result: unknown): T[] {
  return (result as { rows: T[] }).rows
}

export type ReportKind = 'red_notice' | 'assurance'
export interface ReportRevisionKey { kind: ReportKind, reportId: string, revision: number }

/**
 * `(values ($1::text, $2::uuid, $3::int), …)` for joining a batch of report revisions: one statement for the
 * whole batch, with parameters (never interpolated text) and types both PostgreSQL and PGlite infer.
 */
export function revisionKeys (keys: readonly ReportRevisionKey[]): SQL {
  return sql`(values ${sql.join(keys.map((k) => sql`(${k.kind}::text, ${k.reportId}::uuid, ${k.revision}::int)`), sql`, `)})`
}

/** `array[$1, $2, …]::text[]`, for `?|` and `= any()`: drizzle would spread a JS array into a list. */
export function textArray (values: readonly string[]): SQL {
  return values.length === 0 ? sql`array[]::text[]` : sql`array[${sql.join(values.map((v) => sql`${v}`), sql`, `)}]::text[]`
}

// A list page maps 51 rows through the same columns: their entries once, not an array of pairs a row (about 40 KB a
// page of the young generation's allocations in a reporter's page, by V8's sampling heap profiler).
const columnEntries = new WeakMap<Record<string, Column>, Array<[string, Column]>>()
function entriesOf (columns: Record<string, Column>): Array<[string, Column]> {
  let entries = columnEntries.get(columns)
  if (entries === undefined) {
    entries = Object.entries(columns)
    columnEntries.set(columns, entries)
  }
  return entries
}

/**
 * A raw row's values of these drizzle columns as drizzle's own select would give them (timestamps as Dates,
 * …), for a statement drizzle cannot build but which selects the columns under their own names.
 */
export function columnsRow<T extends Record<string, Column>> (columns: T, raw: Record<string, unknown>): { [K in keyof T]: T[K]['_']['data'] | null } {
  const row: Record<string, unknown> = {}
  for (const [key, column] of entriesOf(columns)) {
    const value = raw[column.name]
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value)
  }
  return row as { [K in keyof T]: T[K]['_']['data'] | null }
}

/** PostgreSQL's SQLSTATE or Node's error code, found through drizzle's wrapping `cause`. */
export function errorCode (error: unknown, depth = 0): string {
  const e = error as { code?: unknown, cause?: unknown } | null
  if (e !== null && typeof e === 'object') {
    if (typeof e.code === 'string' && /^[A-Z0-9_]{1,40}$/.test(e.code)) return e.code
    if (e.cause !== undefined && depth < 3) return errorCode(e.cause, depth + 1)
  }
  return 'unknown'
}
