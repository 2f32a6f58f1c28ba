import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { InterpolNoticeError, InterpolNoticeSchema, interpolNoticeToRedNotice } from '../../domain/interpol.ts'
import { HttpProblem } from '../../errors.ts'
import { createRedNotice } from '../../intake/red-notices.ts'
import { Closed, ProblemSchema, Text } from '../../schemas/common.ts'
import { RedNoticeSchema } from '../../schemas/red-notices.ts'
import { actorOf, etag, IdempotencyHeaders } from './red-notices.ts'

export const importRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/imports/interpol', {
    config: { roles: ['reporter'] },
    schema: {
      tags: ['Imports'],
      operationId: 'importInterpolNotice',
      summary: 'Make a red-notice report from an Interpol public notice document',
      description: 'The body is a red-notice detail document of Interpol\'s public notice service (`GET /notices/v1/red/{noticeID}`), ' +
        'as downloaded. It becomes a report (mechanism red_notice, names, birth date, nationalities, charges and issuing country ' +
        'from arrest_warrants) and is scored like any other. Warnings name fields that were placeholders or could not be used.',
      headers: IdempotencyHeaders,
      body: InterpolNoticeSchema,
      response: {
        201: Closed({ report: RedNoticeSchema, warnings: Type.Array(Text(500), { maxItems: 100 }) }),
        400: ProblemSchema,
        401: ProblemSchema,
        403: ProblemSchema,
        409: ProblemSchema,
        422: ProblemSchema,
        429: ProblemSchema
      }
    }
  }, async (request, reply) => {
    let converted
    try {
      converted = interpolNoticeToRedNotice(request.body)
    } catch (err) {
      if (err instanceof InterpolNoticeError) {
        throw new HttpProblem(422, 'Unprocessable Content', err.message, { errors: err.errors.map((e) => ({ in: 'body', ...e })) })
      }
      throw err
    }
    const deps = { db: app.deps.database.db, secrets: app.deps.secrets, queue: app.deps.queue, log: request.log }
    const { view, replayed } = await createRedNotice(deps, actorOf(request), converted.body, request.headers['idempotency-key'])
    if (replayed) reply.header('idempotent-replayed', 'true')
    return reply.code(201).header('location', `/v1/red-notices/${view.id}`).header('etag', etag(view.revision)).send({ report: view, warnings: converted.warnings })
  })
}
