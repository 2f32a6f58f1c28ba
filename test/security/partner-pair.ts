import pg from 'pg'
import { InProcessQueue } from '../../src/queue/in-process.ts'
import { createScoringJobHandler } from '../../src/scoring/job-handler.ts'
import { createKey, createPartner, seedAdmin, type PartnerKey } from '../helpers/actors.ts'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'

/** Partner A, hostile partner B and a secretariat analyst on a service that scores in process (the disclosure suites). */
export interface PartnerPair {
  ctx: TestContext
  queue: InProcessQueue
  admin: { token: string, partnerId: string }
  a: PartnerKey
  b: PartnerKey
  analyst: { token: string }
}

export async function startPartnerPair (): Promise<PartnerPair> {
  let queue: InProcessQueue | undefined
  const ctx = await createTestContext({
    queue: (database, log) => { queue = new InProcessQueue({ handler: createScoringJobHandler({ db: database.db, log }), concurrency: 2, log }); return queue }
  })
  const admin = await seedAdmin(ctx)
  const a = await createPartner(ctx, admin.token, 'Partner A')
  const b = await createPartner(ctx, admin.token, 'Hostile partner B')
  const analyst = await createKey(ctx, admin.token, admin.partnerId, 'analyst')
  return { ctx, queue: queue!, admin, a, b, analyst }
}

/** Partner A and hostile partner B on a service whose queue only records its jobs (nothing is scored). */
export async function startRecordingPair (): Promise<{ ctx: TestContext, a: PartnerKey, b: PartnerKey }> {
  const ctx = await createTestContext({ queue: new RecordingQueue() })
  const admin = await seedAdmin(ctx)
  return { ctx, a: await createPartner(ctx, admin.token, 'Partner A'), b: await createPartner(ctx, admin.token, 'Hostile partner B') }
}

/** Straight to the database as its owner (no row-level security): what a plain dump would hold; test set-up. */
export async function ownerQuery (ctx: TestContext, text: string, params: unknown[]): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: ctx.testDatabase!.url })
  await client.connect()
  try { return await client.query(text, params) } finally { await client.end() }
}

/** Lets the filings' after-commit jobs reach the queue, then waits until every scoring job is done. */
export async function settle (queue: InProcessQueue): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 100))
  await queue.drain()
}
