import { Ajv, type Options } from 'ajv'
import addFormatsModule from 'ajv-formats'
import type { FastifyInstance } from 'fastify'

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

// allErrors stays off: Fastify documents allErrors as a denial-of-service risk.
const COMMON: Options = { removeAdditional: false, useDefaults: true, allErrors: false, strict: false }

/**
 * Bodies are validated strictly (a string is never silently turned into a number); query strings and path
 * parameters arrive as text, so they are coerced to the declared types.
 */
export function installValidators (app: FastifyInstance): void {
  const strict = addFormats(new Ajv({ ...COMMON, coerceTypes: false }))
  const coercing = addFormats(new Ajv({ ...COMMON, coerceTypes: 'array' }))
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema))
}
