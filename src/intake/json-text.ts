/**
 * A JSON document already written as text. A route sends it as it is: Fastify serialises only payloads that are
 * not strings, so the response schema's serializer does not run for it (the text must already be what the
 * schema describes).
 */
export class JsonText {
  constructor (readonly text: string) {}
}
