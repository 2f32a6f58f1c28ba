import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import type pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import type { Batch } from './seed.ts'

/** The staging table's columns, in the order copyRows writes them. */
export const STAGING_COLUMNS = `id uuid, subject_id uuid, mechanism text, requesting_country text, status text, facts text,
  profiles text[], charge_categories text[], score smallint, band text, raw_total real, contributions text,
  indicators text[], created_at timestamptz`

/** A value in COPY's text format: backslash escapes, \N for null. Tabs and newlines never occur in JSON text. */
function field (value: string | number | null): string {
  if (value === null) return '\\N'
  return typeof value === 'number' ? String(value) : value.replace(/\\/g, '\\\\')
}

/** A list of vocabulary ids (lower-case letters, digits, _ and -) as an array literal: nothing to quote. */
const arrayLiteral = (csv: string) => `{${csv}}`

function * lines (b: Batch): Generator<string> {
  // A few hundred rows per chunk: fewer stream writes than one per row, and no batch-sized string in memory.
  let chunk = ''
  for (let i = 0; i < b.ids.length; i++) {
    chunk += [
      b.ids[i]!, b.subjectIds[i]!, b.mechanisms[i]!, b.countries[i]!, field(b.statuses[i] ?? null), field(JSON.stringify(b.facts[i])),
      arrayLiteral(b.profiles[i]!), arrayLiteral(b.chargeCategories[i]!), b.scores[i]!, b.bands[i]!, b.rawTotals[i]!,
      field(JSON.stringify(b.contributions[i])), arrayLiteral(b.indicators[i]!), b.createdAt[i]!
    ].join('\t') + '\n'
    if (i % 256 === 255) {
      yield chunk
      chunk = ''
    }
  }
  if (chunk !== '') yield chunk
}

/** Streams a batch into `table` (STAGING_COLUMNS) with COPY … FROM STDIN. */
export async function copyRows (client: pg.PoolClient, table: string, b: Batch): Promise<void> {
  const stream = client.query(copyFrom(`copy ${table} from stdin`))
  await pipeline(Readable.from(lines(b)), stream)
}
