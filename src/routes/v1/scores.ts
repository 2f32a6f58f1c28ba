import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { withContext } from '../../db/context.ts'
import type { ReportKind } from '../../db/queries/sql-helpers.ts'
import { listIndicators, RULESET_VERSION } from '../../domain/index.ts'
import { notFound } from '../../errors.ts'
import { recordAudit } from '../../db/queries/audit.ts'
import { auditActor } from '../../intake/types.ts'
import { contextOf } from '../../plugins/auth.ts'
import { Closed, ProblemSchema, UuidSchema } from '../../schemas/common.ts'
import { IndicatorListSchema } from '../../schemas/rescoring.ts'
import { ScoreHistorySchema, ScorePendingSchema, ScoreSchema } from '../../schemas/scores.ts'
import { readScoreHistory, readScoreStatus } from '../../scoring/score-reads.ts'
import { CursorSchema, LimitSchema, decodeCursor, encodeCursor } from '../pagination.ts'
import { actorOf } from './red-notices.ts'

const ALL_ROLES = { roles: ['reporter', 'analyst', 'admin'] as const }
const Errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema }
const IdParams = Closed({ id: UuidSchema })

const RESOURCES: Array<{ path: string, kind: ReportKind, name: string, op: string }> = [
  { path: '/red-notices', kind: 'red_notice', name: 'Red-notice report', op: 'RedNotice' },
  { path: '/assurances', kind: 'assurance', name: 'Assurance', op: 'Assurance' }
]

/** Scores of reports (api.md "Scores") and the indicator catalogue. Reporters see their own reports only (RLS). */
export const scoreRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps.database

  for (const resource of RESOURCES) {
    app.get(`${resource.path}/:id/score`, {
      config: ALL_ROLES,
      schema: {
        tags: ['Scores'],
        operationId: `get${resource.op}Score`,
        summary: 'Current score with its explanation (202 while pending)',
        params: IdParams,
        response: { 200: ScoreSchema, 202: ScorePendingSchema, ...Errors }
      }
    }, async (request, reply) => {
      const status = await withContext(db, contextOf(request), async (tx) => {
        const read = await readScoreStatus(tx, resource.kind, request.params.id)
        // A served score is a read of the report's assessment: audited with it, like the report itself.
        if (read.state === 'scored') {
          await recordAudit(tx, { ...auditActor(actorOf(request)), action: `${resource.kind}.score_read`, targetKind: resource.kind, targetId: request.params.id, details: { revision: read.score.revision, rulesetVersion: read.score.rulesetVersion } })
        }
        return read
      })
      if (status.state === 'missing') throw notFound(resource.name)
      if (status.state === 'scored') return status.score
      return reply.code(202).header('retry-after', String(status.retryAfterSeconds)).send(status.body)
    })

    app.get(`${resource.path}/:id/scores`, {
      config: ALL_ROLES,
      schema: {
        tags: ['Scores'],
        operationId: `list${resource.op}Scores`,
        summary: 'Score history across revisions and rulesets, newest first, with what changed each time',
        params: IdParams,
        querystring: Closed({ limit: Type.Optional(LimitSchema), cursor: Type.Optional(CursorSchema) }),
        response: { 200: ScoreHistorySchema, ...Errors }
      }
    }, async (request) => {
      const limit = request.query.limit ?? 50
      const afterId = decodeCursor(request.query.cursor, { id: 'uuid' })?.id
      const history = await withContext(db, contextOf(request), async (tx) => {
        const read = await readScoreHistory(tx, { kind: resource.kind, reportId: request.params.id, afterId, limit })
        if (read !== null) await recordAudit(tx, { ...auditActor(actorOf(request)), action: `${resource.kind}.scores_read`, targetKind: resource.kind, targetId: request.params.id, details: { scores: read.items.length } })
        return read
      })
      if (history === null) throw notFound(resource.name)
      return { items: history.items, nextCursor: history.more && history.lastId !== null ? encodeCursor({ id: history.lastId }) : null }
    })
  }

  app.get('/indicators', {
    config: ALL_ROLES,
    schema: {
      tags: ['Reference data'],
      operationId: 'listIndicators',
      summary: 'Every indicator of the current ruleset, with its weight, sources and rationale',
      querystring: Closed({ appliesTo: Type.Optional(Type.Enum(['red_notice', 'assurance'] as const, { type: 'string', description: 'Only the indicators of this kind of report.' })) }),
      response: { 200: IndicatorListSchema, ...Errors }
    }
  }, async (request) => ({ rulesetVersion: RULESET_VERSION, items: listIndicators(request.query.appliesTo) }))
}
