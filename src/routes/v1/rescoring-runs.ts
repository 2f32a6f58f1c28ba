import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { withContext } from '../../db/context.ts'
import { findRun, listRuns, type RescoringRun } from '../../db/queries/rescoring-runs.ts'
import { notFound } from '../../errors.ts'
import { contextOf, principalOf } from '../../plugins/auth.ts'
import { Closed, ProblemSchema, UuidSchema } from '../../schemas/common.ts'
import { RescoringRunInputSchema, RescoringRunListSchema, RescoringRunSchema } from '../../schemas/rescoring.ts'
import { Type } from 'typebox'
import { startRescoringRun } from '../../scoring/rescoring.ts'
import type { RunLauncher } from '../../scoring/run-launcher.ts'

const ADMIN = { roles: ['admin'] as const }
const Errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema }

const toRun = (run: RescoringRun) => ({
  id: run.id,
  status: run.status,
  rulesetVersion: run.rulesetVersion,
  reason: run.reason as 'manual' | 'country.updated' | 'ruleset.adopted',
  requestingCountry: run.requestingCountry,
  givingState: run.givingState,
  total: run.total,
  done: run.done,
  failed: run.failed,
  createdAt: run.createdAt.toISOString(),
  finishedAt: run.finishedAt?.toISOString() ?? null
})

/** Tracked bulk rescoring under the current ruleset (admin). */
export const rescoringRunRoutes: FastifyPluginAsyncTypebox<{ launcher: RunLauncher }> = async (app, { launcher }) => {
  const { db } = app.deps.database

  app.post('/rescoring-runs', {
    config: ADMIN,
    schema: {
      tags: ['Reference data'],
      operationId: 'createRescoringRun',
      summary: 'Rescore every report in scope under the current ruleset, with progress',
      description: 'Answers at once with the run; its jobs are enqueued in the background. Old scores stay as history.',
      body: RescoringRunInputSchema,
      response: { 202: RescoringRunSchema, ...Errors }
    },
    // The body is optional (no body: every report); validation would otherwise refuse its absence.
    preValidation: async (request) => { request.body ??= {} }
  }, async (request, reply) => {
    const principal = principalOf(request)
    const actor = { partnerId: principal.partnerId, apiKeyId: principal.apiKeyId, requestId: request.id }
    const run = await withContext(db, contextOf(request), (tx) => startRescoringRun(tx, actor, request.body, 'manual'))
    launcher.launch(run.id)
    return reply.code(202).header('location', `/v1/rescoring-runs/${run.id}`).send(toRun(run))
  })

  app.get('/rescoring-runs', {
    config: ADMIN,
    schema: {
      tags: ['Reference data'],
      operationId: 'listRescoringRuns',
      summary: 'Rescoring runs, newest first (including the one the service starts when it adopts a new ruleset)',
      querystring: Closed({
        status: Type.Optional(Type.Enum(['running', 'finished'] as const, { type: 'string', description: 'Only runs in this state.' })),
        limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 })
      }),
      response: { 200: RescoringRunListSchema, ...Errors }
    }
  }, async (request) => {
    const runs = await withContext(db, contextOf(request), (tx) => listRuns(tx, { status: request.query.status, limit: request.query.limit }))
    return { items: runs.map(toRun) }
  })

  app.get('/rescoring-runs/:id', {
    config: ADMIN,
    schema: {
      tags: ['Reference data'],
      operationId: 'getRescoringRun',
      summary: 'Progress of a rescoring run',
      params: Closed({ id: UuidSchema }),
      response: { 200: RescoringRunSchema, ...Errors }
    }
  }, async (request) => {
    const run = await withContext(db, contextOf(request), (tx) => findRun(tx, request.params.id))
    if (run === null) throw notFound('Rescoring run')
    return toRun(run)
  })
}
