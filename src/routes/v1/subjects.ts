import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { confirmSubject } from '../../intake/red-notices.ts'
import { Closed, ProblemSchema, UuidSchema } from '../../schemas/common.ts'
import { actorOf } from './red-notices.ts'

const Errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 429: ProblemSchema }

export const subjectRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/subjects/:id/confirmation', {
    config: { roles: ['admin'] },
    schema: {
      tags: ['Red-notice reports'],
      operationId: 'confirmSubject',
      summary: 'Confirm a subject\'s reports as concerning one person (secretariat)',
      description: 'Until the secretariat confirms them, reports of different partners on one subject do not count in each other\'s ' +
        'scores (docs/disclosure-policy.md). Pending matches are the `subject.match_pending` audit events. Confirming applies to the ' +
        'subject\'s current reports; each partner sees it as a `red_notice.match_confirmed` event on its report, and any later ' +
        'change of a report\'s name, aliases or birth date undoes it for that report.',
      params: Closed({ id: UuidSchema }),
      response: { 200: Closed({ reports: Type.Integer({ minimum: 1 }), partners: Type.Integer({ minimum: 1 }) }), ...Errors }
    }
  }, async (request) => {
    const deps = { db: app.deps.database.db, secrets: app.deps.secrets, queue: app.deps.queue, log: request.log }
    return await confirmSubject(deps, actorOf(request), request.params.id)
  })
}
