/**
 * Errors the API raises on purpose. Their messages are written by us and safe to show and log;
 * every other error's message is treated as possibly carrying input, SQL or identities.
 */
export class HttpProblem extends Error {
  readonly safeMessage = true
  constructor (
    readonly statusCode: number,
    readonly title: string,
    readonly detail?: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {}
  ) {
    super(detail ?? title)
    this.name = 'HttpProblem'
  }
}

export const notFound = (what: string): HttpProblem => new HttpProblem(404, 'Not Found', `${what} not found`)
export const forbidden = (detail = 'Your API key\'s role may not do this'): HttpProblem => new HttpProblem(403, 'Forbidden', detail)
export const unauthorized = (detail = 'A valid API key is required in the Authorization header'): HttpProblem =>
  new HttpProblem(401, 'Unauthorized', detail, {}, { 'www-authenticate': 'Bearer' })
export const conflict = (detail: string): HttpProblem => new HttpProblem(409, 'Conflict', detail)
export const preconditionFailed = (detail: string): HttpProblem => new HttpProblem(412, 'Precondition Failed', detail)
export const badRequest = (detail: string, errors?: Array<{ pointer: string, message: string }>): HttpProblem =>
  new HttpProblem(400, 'Bad Request', detail, errors === undefined ? {} : { errors })
