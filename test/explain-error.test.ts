import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { explainError } from '../src/explain-error.ts'
import { freePort } from './helpers/process.ts'

describe('errors in words', () => {
  it('names an unmigrated database by the SQLSTATE of a missing function or table', () => {
    const missingFunction = Object.assign(new Error('function api_key_lookup(text) does not exist'), { code: '42883', severity: 'ERROR' })
    expect(explainError(missingFunction)).toEqual({ code: '42883', explanation: expect.stringMatching(/^undefined function: the database is not migrated.*npm run migrate/) })
    expect(explainError(Object.assign(new Error('x'), { code: '42P01' })).explanation).toMatch(/^undefined table: the database is not migrated/)
  })

  it('finds the code inside a wrapping error (drizzle wraps the driver\'s error as its cause)', () => {
    const cause = Object.assign(new Error('password authentication failed'), { code: '28P01' })
    expect(explainError(new Error('Failed query', { cause }))).toEqual({ code: '28P01', explanation: expect.stringContaining('DATABASE_URL') })
  })

  it('explains a refused connection as the driver reports it, and leaves an unknown code unexplained', async () => {
    const port = await freePort()
    const client = new pg.Client({ connectionString: `postgres://nobody@127.0.0.1:${port}/none`, connectionTimeoutMillis: 2000 })
    const err = await client.connect().then(() => null, (e: unknown) => e)
    expect(explainError(err)).toEqual({ code: 'ECONNREFUSED', explanation: expect.stringMatching(/^connection refused/) })
    expect(explainError(Object.assign(new Error('x'), { code: 'XX999' }))).toEqual({ code: 'XX999', explanation: undefined })
    expect(explainError('not an error')).toEqual({ code: undefined, explanation: undefined })
  })
})
