import { batcherPerOwner, MicroBatcher } from '../batching/micro-batch.ts'
import type { Database } from '../db/client.ts'
import { fileRedNotices, type Filing, type FilingResult } from '../db/queries/red-notices.ts'
import { errorCode } from '../db/queries/sql-helpers.ts'

/** Batches in the database at once; the filings that arrive while both are busy leave together in the next. */
const BATCHES_IN_FLIGHT = 2
const BATCH_MAX = 64

/**
 * SQLSTATE classes of an error caused by one filing's data or by its batch's company rather than by the
 * database being unavailable: data exceptions (22), integrity violations (23), serialization failures and
 * deadlocks (40). A batch failing so is filed again one filing at a time, so each gets its own answer.
 */
const ONE_FILING_CLASSES = new Set(['22', '23', '40'])

function failedForOneFiling (err: unknown): boolean {
  const code = errorCode(err)
  return /^[0-9A-Z]{5}$/.test(code) && ONE_FILING_CLASSES.has(code.slice(0, 2))
}

async function fileBatch (db: Database, filings: readonly Filing[]): Promise<Array<FilingResult | Error>> {
  try {
    return await fileRedNotices(db, filings)
  } catch (err) {
    if (filings.length === 1 || !failedForOneFiling(err)) throw err
    return await Promise.all(filings.map(async (filing) => {
      try {
        const [result] = await fileRedNotices(db, [filing])
        return result!
      } catch (error) {
        return error instanceof Error ? error : new Error('filing failed')
      }
    }))
  }
}

const deskOf = batcherPerOwner((db: Database) =>
  new MicroBatcher<Filing, FilingResult | Error>(async (filings) => await fileBatch(db, filings), { maxSize: BATCH_MAX, maxConcurrent: BATCHES_IN_FLIGHT, maxWaitMs: 0 }))

/**
 * Files a new report. Filings that arrive while others are in the database gather and go together in one
 * statement and transaction (one round trip, plan, commit and WAL flush for all); an idle service files
 * each at once. Each caller gets its own result or error, as if it had filed alone.
 */
export async function fileRedNotice (db: Database, filing: Filing): Promise<FilingResult> {
  const result = await deskOf(db).submit(filing)
  if (result instanceof Error) throw result
  return result
}
