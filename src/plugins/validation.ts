import { Ajv, type Options, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import type { FastifyInstance } from 'fastify'

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

// allErrors stays off: Fastify documents allErrors as a denial-of-service risk.
const COMMON: Options = { removeAdditional: false, useDefaults: true, allErrors: false, strict: false }

const strictAjv = addFormats(new Ajv({ ...COMMON, coerceTypes: false }))

/** For validating documents the service builds itself (a merged PATCH result), with the body rules. */
export function compileStrict<T> (schema: object): ValidateFunction<T> {
  return strictAjv.compile<T>(schema)
}

/**
 * Bodies are validated strictly (a string is never silently turned into a number); query strings and path
 * parameters arrive as text, so they are coerced to the declared types.
 */
export function installValidators (app: FastifyInstance): void {
  const strict = strictAjv
  const coercing = addFormats(new Ajv({ ...COMMON, coerceTypes: 'array' }))
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema))
}
