import type { FastifyInstance } from 'fastify'
import { HttpProblem } from '../errors.ts'

/** RFC 7396's media type: every PATCH body of this API is a JSON Merge Patch. */
export const MERGE_PATCH = 'application/merge-patch+json'

/** What a PATCH route declares it takes (`consumes` puts both in the OpenAPI document's requestBody). */
export const PATCH_MEDIA_TYPES = [MERGE_PATCH, 'application/json']

/**
 * Parses `application/merge-patch+json` as JSON, with the same guard against `__proto__` and `constructor`
 * keys as `application/json`. Only PATCH takes it: on any other method it means a client mixed things up,
 * which is 415 like any other media type a route does not take.
 */
export function acceptMergePatch (app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.addContentTypeParser(MERGE_PATCH, { parseAs: 'string' }, (request, body, done) => {
    if (request.method !== 'PATCH') {
      done(new HttpProblem(415, 'Unsupported Media Type', `${MERGE_PATCH} is for PATCH; send application/json`), undefined)
      return
    }
    parseJson(request, body as string, done)
  })
}
