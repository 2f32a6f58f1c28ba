import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { badRequest, forbidden, HttpProblem } from '../../errors.ts'
import {
  createRedNotice, eraseRedNotice, getRedNotice, listRedNoticeHistory, patchRedNotice, withdrawRedNotice
} from '../../intake/red-notices.ts'
import { listRedNoticePage } from '../../intake/red-notice-list.ts'
import type { Actor, IntakeDeps } from '../../intake/types.ts'
import { principalOf } from '../../plugins/auth.ts'
import { PATCH_MEDIA_TYPES } from '../../plugins/merge-patch.ts'
import { Closed, ProblemSchema, RevisionSchema, TimestampSchema, UuidSchema } from '../../schemas/common.ts'
import {
  RedNoticeFactsSchema, RedNoticeInputSchema, RedNoticePageSchema, RedNoticePatchSchema, RedNoticePseudonymisedPageSchema,
  RedNoticePseudonymisedSchema, RedNoticeSchema
} from '../../schemas/red-notices.ts'
import { RedNoticeListQuerySchema } from './red-notice-query.ts'
import { sendRoleView } from './role-views.ts'

const TAGS = ['Red-notice reports']
const IdParams = Closed({ id: UuidSchema })
const Errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 429: ProblemSchema }
// Either view: the reporting partner's (identities) or everyone else's (pseudonymised, built without them).
const ReportView = Type.Union([RedNoticeSchema, RedNoticePseudonymisedSchema])
const REPORT_VIEWS = { own: RedNoticeSchema, pseudonymised: RedNoticePseudonymisedSchema }
const PAGE_VIEWS = { own: RedNoticePageSchema, pseudonymised: RedNoticePseudonymisedPageSchema }

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({
    minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7E]+$', description: 'Any unique string (e.g. a UUID): retrying with the same key and body returns the first answer'
  }))
})
/** Required: a change without it is 428 Precondition Required (plugins/problem.ts), as it could overwrite someone else's. */
export const IfMatchHeaders = Type.Object({
  'if-match': Type.String({ maxLength: 40, description: 'The ETag (revision) you last read, e.g. "3". Without it: 428.' })
})

export function actorOf (request: FastifyRequest): Actor {
  const principal = principalOf(request)
  return { apiKeyId: principal.apiKeyId, partnerId: principal.partnerId, role: principal.role, requestId: request.id }
}

export const etag = (revision: number): string => `"${revision}"`

/** DELETE means withdrawal for the reporting partner and erasure (with ?erase=true) for admins, nothing else. */
export function deletionIntent (actor: Actor, erase: boolean | undefined): 'withdraw' | 'erase' {
  if (erase === true) {
    if (actor.role !== 'admin') throw forbidden('Only admins erase identities; reporters withdraw reports')
    return 'erase'
  }
  if (actor.role !== 'reporter') throw badRequest('Admins erase with ?erase=true; withdrawing is for the reporting partner', [{ pointer: '/erase', message: 'must be true for admins' }])
  return 'withdraw'
}

/** If-Match is mandatory on updates: a change without it could silently overwrite someone else's. */
export function parseIfMatch (header: string | undefined): number {
  if (header === undefined) throw new HttpProblem(428, 'Precondition Required', 'Send If-Match with the ETag (revision) you last read')
  const match = /^(?:W\/)?"?(\d{1,10})"?$/.exec(header.trim())
  if (match === null) throw badRequest('If-Match must be an ETag this service issued, e.g. "3"', [{ pointer: '/if-match', message: 'is malformed' }])
  return Number(match[1])
}

export const redNoticeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = (request: FastifyRequest): IntakeDeps => ({ db: app.deps.database.db, secrets: app.deps.secrets, queue: app.deps.queue, log: request.log })

  app.post('/red-notices', {
    config: { roles: ['reporter'] },
    schema: {
      tags: TAGS,
      operationId: 'createRedNotice',
      summary: 'File a red-notice report',
      description: 'Stores the report as revision 1 and queues it for scoring. Identifying members are encrypted before storage.',
      headers: IdempotencyHeaders,
      body: RedNoticeInputSchema,
      response: { 201: RedNoticeSchema, 409: ProblemSchema, 422: ProblemSchema, ...Errors }
    }
  }, async (request, reply) => {
    const { view, replayed } = await createRedNotice(deps(request), actorOf(request), request.body, request.headers['idempotency-key'])
    if (replayed) reply.header('idempotent-replayed', 'true')
    return reply.code(201).header('location', `/v1/red-notices/${view.id}`).header('etag', etag(view.revision)).send(view)
  })

  app.get('/red-notices', {
    config: { roles: ['reporter', 'analyst', 'admin'] },
    schema: {
      tags: TAGS,
      operationId: 'listRedNotices',
      summary: 'List red-notice reports',
      description: 'Reporters see their own reports (with identities; each read is audited); analysts and admins see every report, pseudonymised.',
      querystring: RedNoticeListQuerySchema,
      response: { 200: Type.Union([RedNoticePageSchema, RedNoticePseudonymisedPageSchema]), ...Errors }
    }
  }, async (request, reply) => {
    const actor = actorOf(request)
    return sendRoleView(reply, actor, PAGE_VIEWS, await listRedNoticePage(deps(request), actor, request.query))
  })

  app.get('/red-notices/:id', {
    config: { roles: ['reporter', 'analyst', 'admin'] },
    schema: {
      tags: TAGS,
      operationId: 'getRedNotice',
      summary: 'Read a red-notice report',
      params: IdParams,
      response: { 200: ReportView, ...Errors }
    }
  }, async (request, reply) => {
    const actor = actorOf(request)
    const view = await getRedNotice(deps(request), actor, request.params.id)
    return sendRoleView(reply.header('etag', etag(view.revision)), actor, REPORT_VIEWS, view)
  })

  app.patch('/red-notices/:id', {
    config: { roles: ['reporter'] },
    schema: {
      tags: TAGS,
      operationId: 'updateRedNotice',
      summary: 'Change a report (JSON Merge Patch, with If-Match)',
      description: 'A patch that changes nothing adds no revision and queues no scoring: the answer is the current report, ETag unchanged. ' +
        'A change of the name, aliases or birth date re-matches the report from scratch and spends the identity-change budget ' +
        '(docs/disclosure-policy.md): past it, 429 and an alert for the secretariat.',
      params: IdParams,
      headers: IfMatchHeaders,
      consumes: PATCH_MEDIA_TYPES,
      body: RedNoticePatchSchema,
      response: { 200: RedNoticeSchema, 409: ProblemSchema, 412: ProblemSchema, 422: ProblemSchema, 428: ProblemSchema, ...Errors }
    }
  }, async (request, reply) => {
    const view = await patchRedNotice(deps(request), actorOf(request), request.params.id, parseIfMatch(request.headers['if-match']), request.body)
    return reply.header('etag', etag(view.revision)).send(view)
  })

  app.get('/red-notices/:id/revisions', {
    config: { roles: ['reporter', 'analyst', 'admin'] },
    schema: {
      tags: TAGS,
      operationId: 'listRedNoticeRevisions',
      summary: 'Every revision of a report, oldest first',
      params: IdParams,
      response: {
        200: Closed({ items: Type.Array(Closed({ revision: RevisionSchema, createdAt: TimestampSchema, report: Type.Union([RedNoticeInputSchema, RedNoticeFactsSchema]) }), { maxItems: 10_000 }) }),
        ...Errors
      }
    }
  }, async (request) => ({ items: await listRedNoticeHistory(deps(request), actorOf(request), request.params.id) }))

  app.delete('/red-notices/:id', {
    config: { roles: ['reporter', 'admin'] },
    schema: {
      tags: TAGS,
      operationId: 'deleteRedNotice',
      summary: 'Withdraw a report (reporter) or erase its identities for good (admin, ?erase=true)',
      params: IdParams,
      querystring: Closed({ erase: Type.Optional(Type.Boolean({ description: 'Admins only: destroy the identities (crypto-shredding); the pseudonymised case stays for statistics' })) }),
      response: { 204: Type.Null(), ...Errors }
    }
  }, async (request, reply) => {
    const actor = actorOf(request)
    if (deletionIntent(actor, request.query.erase) === 'erase') await eraseRedNotice(deps(request), actor, request.params.id)
    else await withdrawRedNotice(deps(request), actor, request.params.id)
    return reply.code(204).send(null)
  })
}
