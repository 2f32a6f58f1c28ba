import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CHARGE_IDENTITY_FIELDS, EVENT_IDENTITY_FIELDS, IDENTITY_FIELDS, REPORT_IDENTITY_FIELDS, SOURCE_IDENTITY_FIELDS
} from '../../src/schemas/red-notices.ts'
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts'

/**
 * Migration 0041: no stored facts of a red notice, current or of a revision, holds a member the schemas mark
 * identifying, since an analyst's list page writes the stored facts as they are (src/intake/red-notice-list.ts).
 * The members are read from the schemas, so one marked identifying later and left out of the check fails here.
 */
describe('stored red-notice facts hold no identifying member (0041)', () => {
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

  const clean = {
    mechanism: 'red_notice',
    requestingCountry: 'RU',
    subject: { profiles: ['journalist'], ethnicity: 'Chechen' },
    charges: [{ category: 'extremism', legalProvision: 'Art. 282' }],
    events: [{ type: 'arrest', country: 'FR' }],
    sources: [{ kind: 'court_document' }]
  }
  const withMember = (where: 'report' | 'subject' | 'charge' | 'event' | 'source', member: string): Record<string, unknown> => {
    const value = 'Aslan Testov'
    switch (where) {
      case 'report': return { ...clean, [member]: value }
      case 'subject': return { ...clean, subject: { ...clean.subject, [member]: value } }
      case 'charge': return { ...clean, charges: [clean.charges[0], { ...clean.charges[0], [member]: value }] }
      case 'event': return { ...clean, events: [{ ...clean.events[0], [member]: value }] }
      case 'source': return { ...clean, sources: [{ ...clean.sources[0], [member]: value }] }
    }
  }
  const identifying = [
    ...REPORT_IDENTITY_FIELDS.map((m) => ['report', m] as const),
    ...IDENTITY_FIELDS.map((m) => ['subject', m] as const),
    ...CHARGE_IDENTITY_FIELDS.map((m) => ['charge', m] as const),
    ...EVENT_IDENTITY_FIELDS.map((m) => ['event', m] as const),
    ...SOURCE_IDENTITY_FIELDS.map((m) => ['source', m] as const)
  ]
  const pseudonymous = async (facts: unknown): Promise<boolean> =>
    (await client.query<{ ok: boolean }>('select red_notice_facts_pseudonymous($1::jsonb) as ok', [JSON.stringify(facts)])).rows[0]!.ok

  it('takes facts without identifying members and refuses each identifying member, wherever the schemas put it', async () => {
    expect(identifying.length).toBeGreaterThanOrEqual(8)
    expect(await pseudonymous(clean)).toBe(true)
    expect(await pseudonymous({ mechanism: 'red_notice', requestingCountry: 'RU', subject: {} })).toBe(true)
    for (const [where, member] of identifying) expect(await pseudonymous(withMember(where, member)), `${where}.${member}`).toBe(false)
    expect(await pseudonymous([clean])).toBe(false)
  })

  it('holds on both tables that store facts, whoever writes them', async () => {
    const { rows: [partner] } = await client.query<{ id: string }>("insert into partners (name) values ('Check NGO') returning id")
    const insertReport = async (facts: unknown) => await client.query(`insert into red_notices (partner_id, subject_id, revision, mechanism, requesting_country, facts)
      values ($1, gen_random_uuid(), 1, 'red_notice', 'RU', $2::jsonb) returning id`, [partner!.id, JSON.stringify(facts)])
    const refused = async (statement: Promise<unknown>): Promise<string | undefined> => await statement.then(() => undefined, (err: { code?: string }) => err.code)
    expect(await refused(insertReport(withMember('subject', 'fullName')))).toBe('23514')
    const { rows: [report] } = await insertReport(clean)
    expect(await refused(client.query('update red_notices set facts = $2::jsonb where id = $1', [report!.id, JSON.stringify(withMember('event', 'note'))]))).toBe('23514')
    expect(await refused(client.query('insert into red_notice_revisions (report_id, revision, partner_id, facts) values ($1, 2, $2, $3::jsonb)',
      [report!.id, partner!.id, JSON.stringify(withMember('source', 'reference'))]))).toBe('23514')
    await client.query('insert into red_notice_revisions (report_id, revision, partner_id, facts) values ($1, 1, $2, $3::jsonb)', [report!.id, partner!.id, JSON.stringify(clean)])
  })
})
