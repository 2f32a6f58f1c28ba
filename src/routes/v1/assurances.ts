import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import {
  createAssurance, getAssurance, listAssuranceHistory, listAssurancePage, patchAssurance, withdrawOrEraseAssurance
} from '../../intake/assurances.ts'
import type { IntakeDeps } from '../../intake/types.ts'
import { PATCH_MEDIA_TYPES } from '../../plugins/merge-patch.ts'
import {
  AssuranceFactsSchema, AssuranceInputSchema, AssurancePageSchema, AssurancePatchSchema, AssurancePseudonymisedPageSchema,
  AssurancePseudonymisedSchema, AssuranceSchema
} from '../../schemas/assurances.ts'
import { Closed, ProblemSchema, RevisionSchema, TimestampSchema, UuidSchema } from '../../schemas/common.ts'
import { AssuranceListQuerySchema } from './assurance-query.ts'
import { actorOf, deletionIntent, etag, IdempotencyHeaders, IfMatchHeaders, parseIfMatch } from './red-notices.ts'
import { sendRoleView } from './role-views.ts'

const TAGS = ['Diplomatic assurances']
const IdParams = Closed({ id: UuidSchema })
const Errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 429: ProblemSchema }
const AssuranceView = Type.Union([AssuranceSchema, AssurancePseudonymisedSchema])
const REPORT_VIEWS = { own: AssuranceSchema, pseudonymised: AssurancePseudonymisedSchema }
const PAGE_VIEWS = { own: AssurancePageSchema, pseudonymised: AssurancePseudonymisedPageSchema }

export const assuranceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = (request: FastifyRequest): IntakeDeps => ({ db: app.deps.database.db, secrets: app.deps.secrets, queue: app.deps.queue, log: request.log })

  app.post('/assurances', {
    config: { roles: ['reporter'] },
    schema: {
      tags: TAGS,
      operationId: 'createAssurance',
      summary: 'Report a diplomatic assurance given by a requesting state',
      headers: IdempotencyHeaders,
      body: AssuranceInputSchema,
      response: { 201: AssuranceSchema, 409: ProblemSchema, 422: ProblemSchema, ...Errors }
    }
  }, async (request, reply) => {
    const { view, replayed } = await createAssurance(deps(request), actorOf(request), request.body, request.headers['idempotency-key'])
    if (replayed) reply.header('idempotent-replayed', 'true')
    return reply.code(201).header('location', `/v1/assurances/${view.id}`).header('etag', etag(view.revision)).send(view)
  })

  app.get('/assurances', {
    config: { roles: ['reporter', 'analyst', 'admin'] },
    schema: {
      tags: TAGS,
      operationId: 'listAssurances',
      summary: 'List assurances (reporters: their own; others: all, pseudonymised)',
      querystring: AssuranceListQuerySchema,
      response: { 200: Type.Union([AssurancePageSchema, AssurancePseudonymisedPageSchema]), ...Errors }
    }
  }, async (request, reply) => {
    const actor = actorOf(request)
    return sendRoleView(reply, actor, PAGE_VIEWS, await listAssurancePage(deps(request), actor, request.query))
  })

  app.get('/assurances/:id', {
    config: { roles: ['reporter', 'analyst', 'admin'] },
    schema: { tags: TAGS, operationId: 'getAssurance', summary: 'Read an assurance', params: IdParams, response: { 200: AssuranceView, ...Errors } }
  }, async (request, reply) => {
    const actor = actorOf(request)
    const view = await getAssurance(deps(request), actor, request.params.id)
    return sendRoleView(reply.header('etag', etag(view.revision)), actor, REPORT_VIEWS, view)
  })

  app.patch('/assurances/:id', {
    config: { roles: ['reporter'] },
    schema: {
      tags: TAGS,
      operationId: 'updateAssurance',
      summary: 'Change an assurance (JSON Merge Patch, with If-Match)',
      description: 'A patch that changes nothing adds no revision and queues no scoring: the answer is the current assurance, ETag unchanged.',
      params: IdParams,
      headers: IfMatchHeaders,
      consumes: PATCH_MEDIA_TYPES,
      body: AssurancePatchSchema,
      response: { 200: AssuranceSchema, 409: ProblemSchema, 412: ProblemSchema, 422: ProblemSchema, 428: ProblemSchema, ...Errors }
    }
  }, async (request, reply) => {
    const view = await patchAssurance(deps(request), actorOf(request), request.params.id, parseIfMatch(request.headers['if-match']), request.body)
    return reply.header('etag', etag(view.revision)).send(view)
  })

  app.get('/assurances/:id/revisions', {
    config: { roles: ['reporter', 'analyst', 'admin'] },
    schema: {
      tags: TAGS,
      operationId: 'listAssuranceRevisions',
      summary: 'Every revision of an assurance, oldest first',
      params: IdParams,
      response: {
        200: Closed({ items: Type.Array(Closed({ revision: RevisionSchema, createdAt: TimestampSchema, report: Type.Union([AssuranceInputSchema, AssuranceFactsSchema]) }), { maxItems: 10_000 }) }),
        ...Errors
      }
    }
  }, async (request) => ({ items: await listAssuranceHistory(deps(request), actorOf(request), request.params.id) }))

  app.delete('/assurances/:id', {
    config: { roles: ['reporter', 'admin'] },
    schema: {
      tags: TAGS,
      operationId: 'deleteAssurance',
      summary: 'Withdraw an assurance (reporter) or erase its identities (admin, ?erase=true)',
      params: IdParams,
      querystring: Closed({ erase: Type.Optional(Type.Boolean()) }),
      response: { 204: Type.Null(), ...Errors }
    }
  }, async (request, reply) => {
    const actor = actorOf(request)
    await withdrawOrEraseAssurance(deps(request), actor, request.params.id, deletionIntent(actor, request.query.erase) === 'erase')
    return reply.code(204).send(null)
  })
}
