import { isNotNull } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rewrapAll } from '../../src/admin/rotation.ts'
import { generateCryptoSecretsEnv, loadCryptoSecrets, parseKeyring, prependNewKey, wrappedKeyId } from '../../src/crypto/index.ts'
import { SYSTEM_CONTEXT, withContext } from '../../src/db/context.ts'
import { redNotices } from '../../src/db/schema.ts'
import { bearer, createPartner, seedAdmin } from '../helpers/actors.ts'
import { createTestContext, type TestContext } from '../helpers/app.ts'
import { chechenRedNotice } from '../helpers/bodies.ts'

/** How many distinct people the reports are about; each is reported several times, by name variants. */
const PEOPLE = 12
const REPORTS_PER_PERSON = 4

const person = (i: number) => ({ fullName: `Ахмед Тестов ${i}`, dateOfBirth: `1980-01-${String(i + 1).padStart(2, '0')}` })

/**
 * security.md S18: the root encryption key is rotated while partners read and file. The processes run with
 * the new keyring (old key kept, read only: docs/administration.md, "Rotating the encryption key", step 2), and `rotate-keys --rewrap` moves every data key
 * meanwhile (step 3). Every identity read must succeed with the same content before, during and after; the
 * blind index (which links reports about the same person) must give the same subjects throughout; at the
 * end every row is under the new key.
 */
describe('S18 key rotation under load', () => {
  const env = generateCryptoSecretsEnv()
  const rotatedEnv = { ...env, ENCRYPTION_KEYS: prependNewKey(env.ENCRYPTION_KEYS, 'rotated') }
  let before: TestContext
  let after: TestContext
  let reporter: string
  /** The secretariat's key: reporters see a pseudonym per report, the shared subject is the secretariat's (docs/disclosure-policy.md). */
  let secretariat: string
  const subjectOf = new Map<number, string>()
  const identities = new Map<string, unknown>()

  beforeAll(async () => {
    before = await createTestContext({ secrets: loadCryptoSecrets(env) })
    const admin = await seedAdmin(before)
    secretariat = admin.token
    reporter = (await createPartner(before, admin.token, 'Filing NGO')).token
    for (let round = 0; round < REPORTS_PER_PERSON; round++) {
      for (let i = 0; i < PEOPLE; i++) {
        const res = await before.app.inject({ method: 'POST', url: '/v1/red-notices', headers: bearer(reporter), payload: chechenRedNotice(person(i)) })
        expect(res.statusCode).toBe(201)
        const { id } = res.json() as { id: string }
        const subjectId = (await before.app.inject({ url: `/v1/red-notices/${id}`, headers: bearer(secretariat) })).json().subjectId as string
        expect(subjectId).toBe(subjectOf.get(i) ?? subjectId)
        subjectOf.set(i, subjectId)
        identities.set(id, (res.json() as { subject: unknown }).subject)
      }
    }
    // The restarted process: same database, same blind-index key and pepper, the new keyring.
    after = await createTestContext({ secrets: loadCryptoSecrets(rotatedEnv), testDatabase: before.testDatabase })
  }, 60_000)
  afterAll(async () => {
    await after?.app.close()
    await after?.database.close()
    await before?.close()
  })

  it('reads and links the same throughout the rewrap, with 0 failures, and ends with every row under the new key', async () => {
    const ids = [...identities.keys()]
    const rewrapState = { done: false }
    const failures: string[] = []
    let reads = 0
    let filings = 0
    const readLoop = async (): Promise<void> => {
      for (let n = 0; !rewrapState.done || n < ids.length; n++) {
        const id = ids[n % ids.length]!
        const res = await after.app.inject({ method: 'GET', url: `/v1/red-notices/${id}`, headers: bearer(reporter) })
        reads++
        if (res.statusCode !== 200) failures.push(`read ${id}: ${res.statusCode}`)
        else if (JSON.stringify((res.json() as { subject: unknown }).subject) !== JSON.stringify(identities.get(id))) failures.push(`read ${id}: identity differs`)
      }
    }
    const fileLoop = async (): Promise<void> => {
      for (let n = 0; !rewrapState.done || n < PEOPLE; n++) {
        const i = n % PEOPLE
        const res = await after.app.inject({ method: 'POST', url: '/v1/red-notices', headers: bearer(reporter), payload: chechenRedNotice(person(i)) })
        filings++
        if (res.statusCode !== 201) failures.push(`filing ${i}: ${res.statusCode}`)
        else {
          const seen = await after.app.inject({ url: `/v1/red-notices/${(res.json() as { id: string }).id}`, headers: bearer(secretariat) })
          if ((seen.json() as { subjectId: string }).subjectId !== subjectOf.get(i)) failures.push(`filing ${i}: linked to another subject`)
        }
      }
    }
    /** The number of reads done when each batch ended. */
    const progress: number[] = []
    const rewrap = rewrapAll(after.database.db, parseKeyring(rotatedEnv.ENCRYPTION_KEYS), {
      batchSize: 4,
      // Let the readers and filers in between batches, as a real job's batches interleave with traffic.
      onProgress: async () => { progress.push(reads); await new Promise((resolve) => setImmediate(resolve)) }
    }).finally(() => { rewrapState.done = true })
    const [summary] = await Promise.all([rewrap, readLoop(), fileLoop()])

    console.log(`S18: ${reads} identity reads and ${filings} filings during ${progress.length} rewrap batches; ${failures.length} failures`)
    expect(failures).toEqual([])
    expect(progress.length, 'the rewrap ran in several batches').toBeGreaterThan(5)
    expect(progress.at(-1)! - progress[0]!, 'identity reads happened between the first and the last batch').toBeGreaterThan(0)
    expect(reads).toBeGreaterThanOrEqual(ids.length)
    expect(filings).toBeGreaterThanOrEqual(PEOPLE)
    expect(summary.remaining).toBe(0)
    expect(summary.rewrapped).toBeGreaterThanOrEqual(ids.length)

    // Every row's data key is now wrapped under the new root: the old one opens nothing any more.
    const wrapped = await withContext(after.database.db, SYSTEM_CONTEXT, async (tx) =>
      await tx.select({ wrappedKey: redNotices.wrappedKey }).from(redNotices).where(isNotNull(redNotices.wrappedKey)))
    expect(wrapped.length).toBe(ids.length + filings)
    expect(new Set(wrapped.map((row) => wrappedKeyId(row.wrappedKey!)))).toEqual(new Set(['rotated']))
  }, 120_000)
})
