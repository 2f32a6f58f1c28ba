import fc from 'fast-check'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { libraryParser, parseTextArray, TEXT_ARRAY_OID } from '../../src/db/text-array.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts'

/**
 * parseTextArray (src/db/text-array.ts) against what PostgreSQL itself writes: every text[] it outputs, bare or
 * quoted, parses back to the array that was sent, and to what the library's parser makes of it.
 */
describe('parseTextArray', () => {
  let testDb: TestDatabase
  let client: pg.Client

  beforeAll(async () => {
    testDb = await createTestDatabase()
    client = new pg.Client({ connectionString: testDb.url })
    await client.connect()
  })
  afterAll(async () => {
    await client?.end()
    await testDb?.drop()
  })

  // Elements as the vocabularies write them, and the characters that make PostgreSQL quote one.
  const element = fc.oneof(
    fc.constantFrom('journalist', 'charge_category:violent', 'request-after-departure', 'NULL', 'null', 'Null', '', ' ', 'a b', 'a,b', '{x}', 'say "no"', 'back\\slash', 'ÄÖ', 'Магомед'),
    fc.string({ unit: fc.constantFrom('a', 'z', '-', '_', ':', ',', '"', '\\', '{', '}', ' ', 'N', 'U', 'L', 'é') })
  )
  const arrays = fc.array(fc.option(element, { nil: null }), { maxLength: 8 })

  it('reads back every array PostgreSQL writes, as the library does', async () => {
    await fc.assert(fc.asyncProperty(arrays, async (sent) => {
      const { rows: [row] } = await client.query<{ text: string }>('select $1::text[]::text as text', [sent])
      expect(parseTextArray(row!.text)).toEqual(sent)
      expect(parseTextArray(row!.text)).toEqual(libraryParser(row!.text))
    }), { numRuns: 300 })
  })

  it('leaves what the fast path cannot read to the library: nesting and dimension bounds', async () => {
    for (const literal of ["'{{a,b},{c,d}}'::text[]", "'[0:1]={a,b}'::text[]", "'{}'::text[]", "array[null, 'x']::text[]"]) {
      const { rows: [row] } = await client.query<{ text: string }>(`select (${literal})::text as text`)
      expect(parseTextArray(row!.text), literal).toEqual(libraryParser(row!.text))
    }
  })

  it('is what node-postgres uses for text[] once the database module is loaded', async () => {
    await import('../../src/db/client.ts')
    expect(libraryParser).not.toBe(parseTextArray)
    expect(pg.types.getTypeParser(TEXT_ARRAY_OID, 'text')).toBe(parseTextArray)
    const { rows: [row] } = await client.query<{ a: unknown }>("select array['journalist', null, 'a,b']::text[] as a")
    expect(row!.a).toEqual(['journalist', null, 'a,b'])
  })
})
