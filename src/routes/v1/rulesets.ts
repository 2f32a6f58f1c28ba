import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { rulesetByVersion } from '../../domain/index.ts'
import { notFound } from '../../errors.ts'
import { ProblemSchema } from '../../schemas/common.ts'
import { RulesetEvaluationSchema } from '../../schemas/rescoring.ts'
import { backtestRuleset } from '../../scoring/backtest.ts'

const ANALYSTS = { roles: ['analyst', 'admin'] as const }
const Errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 429: ProblemSchema }

/** Backtesting a ruleset on the coalition's recorded outcomes (docs/scoring-evaluation.md). */
export const rulesetRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps.database
  const minGroupSize = app.deps.config.statsMinGroupSize

  app.get('/rulesets/:version/evaluation', {
    config: ANALYSTS,
    schema: {
      tags: ['Reference data'],
      operationId: 'evaluateRuleset',
      summary: 'Backtest a ruleset on the outcomes partners recorded',
      description: (RulesetEvaluationSchema as { description?: string }).description ?? '',
      params: Type.Object({ version: Type.String({ pattern: '^[0-9]{4}\\.[0-9]{1,2}\\.[0-9]+$', maxLength: 20, examples: ['2026.12.1'] }) }),
      response: { 200: RulesetEvaluationSchema, ...Errors }
    }
  }, async (request) => {
    const ruleset = rulesetByVersion(request.params.version)
    if (ruleset === undefined) throw notFound('Ruleset')
    return await backtestRuleset(db, ruleset, minGroupSize)
  })
}
