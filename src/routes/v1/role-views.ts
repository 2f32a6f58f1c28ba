import type { FastifyReply } from 'fastify'
import type { TSchema } from 'typebox'
import { JsonText } from '../../intake/json-text.ts'
import type { Actor } from '../../intake/types.ts'

/**
 * The 200 schema of a route that answers either view is their union, for the document. Serialising through
 * the union, fast-json-stringify first validates the answer against a branch to choose it (about 0.5 ms for
 * a page of 50, four times the serialisation itself), and the partner's own view, whose identifying members
 * are all optional, is the branch that matches everyone's answers. The caller's role decides which view was
 * built, so the answer is serialised with that view's schema alone; for analysts and admins that is the
 * pseudonymised schema, which has no identifying member to write even if a view ever carried one.
 */
export function sendRoleView (reply: FastifyReply, actor: Actor, schemas: { own: TSchema, pseudonymised: TSchema }, body: unknown): FastifyReply {
  // Already written by the service (a list page: red-notice-list.ts), sent as it is. As bytes: sent as a string, the
  // page's text (tens of KB, built by joining its items) was flattened for its length, a copy in the young
  // generation, then encoded for the socket (docs/analyst-queries.md, "What a page costs besides its statement").
  if (body instanceof JsonText) return reply.type('application/json; charset=utf-8').send(Buffer.from(body.text, 'utf8'))
  const schema = actor.role === 'reporter' ? schemas.own : schemas.pseudonymised
  // A custom serializer leaves the content type to us.
  return reply.type('application/json; charset=utf-8').serializer(reply.compileSerializationSchema(schema as unknown as Record<string, unknown>, '200')).send(body)
}
