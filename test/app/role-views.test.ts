import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { sendRoleView } from '../../src/routes/v1/role-views.ts'
import { RedNoticePseudonymisedSchema, RedNoticeSchema } from '../../src/schemas/red-notices.ts'
import { chechenRedNotice } from '../helpers/bodies.ts'

const meta = {
  id: '00000000-0000-4000-8000-000000000001',
  subjectId: '00000000-0000-4000-8000-000000000002',
  revision: 1,
  createdAt: '2026-11-24T00:00:00.000Z',
  updatedAt: '2026-11-24T00:00:00.000Z',
  withdrawnAt: null,
  erasedAt: null,
  scoreStatus: 'pending',
  otherReportsOnSubject: 0,
  currentScore: null
}

async function answerAs (role: 'reporter' | 'analyst' | 'admin', body: unknown) {
  const app = Fastify()
  app.get('/view', async (_request, reply) => sendRoleView(reply, { role, apiKeyId: 'k', partnerId: 'p', requestId: 'r' }, { own: RedNoticeSchema, pseudonymised: RedNoticePseudonymisedSchema }, body))
  const res = await app.inject({ method: 'GET', url: '/view' })
  await app.close()
  return res
}

describe('answers serialised with the view of the caller\'s role', () => {
  const withIdentity = { ...meta, ...chechenRedNotice({ fullName: 'CANARY Name' }) }

  it('writes the partner\'s own view whole for a reporter, as JSON with a charset', async () => {
    const res = await answerAs('reporter', withIdentity)
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(res.json().subject.fullName).toBe('CANARY Name')
    expect(res.json().sources[0].reference).toContain('interpol')
  })

  it.each(['analyst', 'admin'] as const)('never writes an identifying member for an %s, even if a view carried one', async (role) => {
    const res = await answerAs(role, withIdentity)
    expect(res.statusCode).toBe(200)
    expect(res.body).not.toContain('CANARY')
    const body = res.json()
    expect(body.subject).not.toHaveProperty('fullName')
    expect(body.subject).not.toHaveProperty('dateOfBirth')
    expect(body.subject).not.toHaveProperty('notes')
    expect(body).toMatchObject({ id: meta.id, subjectId: meta.subjectId, requestingCountry: 'RU', subject: { ethnicity: 'Chechen' } })
  })
})
