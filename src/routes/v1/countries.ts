import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { withContext } from '../../db/context.ts'
import { findCountry, listCountries, toCountryContext, type CountryRow } from '../../db/queries/countries.ts'
import { notFound } from '../../errors.ts'
import { contextOf, principalOf } from '../../plugins/auth.ts'
import { ProblemSchema } from '../../schemas/common.ts'
import { CountryCodeParamsSchema, CountryInputSchema, CountryListSchema, CountrySchema, CountryUpdatedSchema, type Country } from '../../schemas/countries.ts'
import { updateCountry } from '../../scoring/rescoring.ts'
import type { RunLauncher } from '../../scoring/run-launcher.ts'

const ALL_ROLES = { roles: ['reporter', 'analyst', 'admin'] as const }
const ADMIN = { roles: ['admin'] as const }
const Errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema }

// The API always names these (null when unknown); the domain type leaves them optional.
const toCountry = (row: CountryRow): Country => ({
  ...toCountryContext(row), echrLeftOn: row.echrLeftOn, freedomEdition: row.freedomEdition, updatedAt: row.updatedAt.toISOString()
})

/** Country reference data (api.md "Reference data and rules"): everyone reads it, admins correct it. */
export const countryRoutes: FastifyPluginAsyncTypebox<{ launcher: RunLauncher }> = async (app, { launcher }) => {
  const { db } = app.deps.database

  app.get('/countries', {
    config: ALL_ROLES,
    schema: { tags: ['Reference data'], operationId: 'listCountries', summary: 'Reference data of every state', response: { 200: CountryListSchema, ...Errors } }
  }, async (request) => {
    const rows = await withContext(db, contextOf(request), (tx) => listCountries(tx))
    return { items: rows.map(toCountry) }
  })

  app.get('/countries/:code', {
    config: ALL_ROLES,
    schema: {
      tags: ['Reference data'], operationId: 'getCountry', summary: 'Reference data of one state', params: CountryCodeParamsSchema, response: { 200: CountrySchema, ...Errors }
    }
  }, async (request) => {
    const row = await withContext(db, contextOf(request), (tx) => findCountry(tx, request.params.code))
    if (row === null) throw notFound('Country')
    return toCountry(row)
  })

  app.put('/countries/:code', {
    config: ADMIN,
    schema: {
      tags: ['Reference data'],
      operationId: 'replaceCountry',
      summary: 'Replace a state\'s reference data; its reports are rescored',
      description: 'A full replacement: every member is required. When anything changed, a rescoring run covers the red notices this state requested and the assurances it gave; follow `rescoringRunId`.',
      params: CountryCodeParamsSchema,
      body: CountryInputSchema,
      response: { 200: CountryUpdatedSchema, 201: CountryUpdatedSchema, ...Errors }
    }
  }, async (request, reply) => {
    const principal = principalOf(request)
    const actor = { partnerId: principal.partnerId, apiKeyId: principal.apiKeyId, requestId: request.id }
    const result = await withContext(db, contextOf(request), (tx) => updateCountry(tx, actor, request.params.code, request.body))
    if (result.run !== null) launcher.launch(result.run.id)
    return reply.code(result.created ? 201 : 200).send({ ...toCountry(result.country), rescoringRunId: result.run?.id ?? null })
  })
}
