import pg from 'pg'

// text[]'s type OID: pg-types names only scalar types.
export const TEXT_ARRAY_OID = 1009 as unknown as Parameters<typeof pg.types.getTypeParser>[0]
/** node-postgres's own text[] parser, as registered before installTextArrayParser. */
export const libraryParser = pg.types.getTypeParser(TEXT_ARRAY_OID, 'text') as (value: string) => Array<string | null>

/**
 * A text[] value as node-postgres gives it, parsed faster where PostgreSQL wrote every element bare. It quotes an
 * element that is empty, holds a brace, quote, backslash, comma or white space, or reads NULL in any case; so an
 * output without `"`, `\`, or a brace inside is its elements separated by commas, NULL standing for null. Anything
 * else (quotes, nesting, dimension bounds) goes to the library's parser. A list page reads three such arrays a row
 * (profiles, charge categories, indicators): 0.6 → 0.3 ms for 51 rows on the benchmark machine.
 */
export function parseTextArray (value: string): Array<string | null> {
  if (value.length < 2 || value[0] !== '{' || value[value.length - 1] !== '}') return libraryParser(value)
  const inner = value.slice(1, -1)
  if (inner === '') return []
  if (/["{}\\]/.test(inner)) return libraryParser(value)
  return inner.split(',').map((element) => (element === 'NULL' ? null : element))
}

/** Registers parseTextArray for text[] with node-postgres (process-wide: drizzle falls back to pg's registry). */
export function installTextArrayParser (): void {
  pg.types.setTypeParser(TEXT_ARRAY_OID, parseTextArray)
}
