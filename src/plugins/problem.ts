import { STATUS_CODES } from 'node:http'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { HttpProblem } from '../errors.ts'
import { explainError } from '../explain-error.ts'
import { collapseAlternatives, issueMessage, type ValidationIssue } from '../schemas/issues.ts'

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8'

export interface Problem {
  type: string
  title: string
  status: number
  detail?: string
  instance: string
  errors?: Array<{ in: string, pointer: string, message: string }>
  [extra: string]: unknown
}

// PostgreSQL/driver conditions that mean "try again shortly", not "your request is wrong".
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '57014', '55P03', '08000', '08003', '08006', '53300',
  // src/db/client.ts: the embedded database's one session stayed busy
  'STORAGE_BUSY'
])
const UNAVAILABLE_MESSAGES = [/timeout exceeded when trying to connect/i, /Connection terminated/i, /Client has encountered a connection error/i]

function isUnavailable (err: unknown, depth = 0): boolean {
  if (!(err instanceof Error) || depth > 4) return false
  const code = (err as { code?: unknown }).code
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true
  if (UNAVAILABLE_MESSAGES.some((re) => re.test(err.message))) return true
  return isUnavailable((err as { cause?: unknown }).cause, depth + 1)
}

/**
 * A member name the client chose (an unknown or missing property), as one RFC 6901 pointer segment. Control
 * characters become U+FFFD and long names are cut: the problem schema promises no NUL and bounded lengths,
 * and a name is only echoed to say where the problem is.
 */
function segmentOf (name: unknown): string {
  // eslint-disable-next-line no-control-regex -- the point is to find control characters
  const text = String(name).replace(/~/g, '~0').replace(/\//g, '~1').replace(/[\u0000-\u001f\u007f]/g, '\uFFFD')
  return [...text].length > 100 ? `${[...text].slice(0, 100).join('')}…` : text
}

function pointerOf (issue: ValidationIssue): string {
  const base = issue.instancePath
  if (issue.keyword === 'additionalProperties') return `${base}/${segmentOf(issue.params.additionalProperty)}`
  if (issue.keyword === 'required') return `${base}/${segmentOf(issue.params.missingProperty)}`
  return base === '' ? '/' : base
}

/**
 * Headers whose absence has its own status: a change without If-Match is 428 Precondition Required (RFC 6585),
 * not a malformed request, although the schema marks the header required (so the document says so too).
 */
const MISSING_HEADER_PROBLEMS: Record<string, { status: number, title: string, detail: string }> = {
  'if-match': { status: 428, title: 'Precondition Required', detail: 'Send If-Match with the ETag (revision) you last read' }
}

/**
 * How a detail names the part of the request that failed. Not fastify's context names: "Invalid params: …"
 * reads like the `params:` of a leaked driver error, which clients and the S9 leak check must never see.
 */
const PART_NAMES: Record<string, string> = { body: 'request body', querystring: 'query string', params: 'path parameter', headers: 'header' }

function problemFor (err: FastifyError & { validation?: ValidationIssue[], validationContext?: string }, requestId: string): Problem {
  const instance = `urn:request:${requestId}`
  if (err instanceof HttpProblem) {
    return { type: 'about:blank', title: err.title, status: err.statusCode, ...(err.detail === undefined ? {} : { detail: err.detail }), instance, ...err.extra }
  }
  if (Array.isArray(err.validation)) {
    const where = err.validationContext ?? 'body'
    const issues = collapseAlternatives(err.validation)
    const missingHeader = where === 'headers' && issues[0]?.keyword === 'required' ? MISSING_HEADER_PROBLEMS[String(issues[0].params.missingProperty)] : undefined
    if (missingHeader !== undefined) return { type: 'about:blank', ...missingHeader, instance }
    const errors = issues.map((issue) => ({ in: where, pointer: pointerOf(issue), message: issueMessage(issue) }))
    const first = errors[0]
    return {
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: `Invalid ${PART_NAMES[where] ?? 'request'}${first === undefined ? '' : ` (${first.pointer} ${first.message})`}`,
      instance,
      errors
    }
  }
  const status = err.statusCode ?? 500
  if (status === 413) return { type: 'about:blank', title: 'Content Too Large', status, detail: 'The request body is larger than this service accepts', instance }
  if (status === 415) return { type: 'about:blank', title: 'Unsupported Media Type', status, detail: 'Send JSON with Content-Type: application/json (PATCH also takes application/merge-patch+json)', instance }
  if (err.code === 'FST_ERR_BAD_URL') return { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'The URL is not validly percent-encoded', instance }
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') return { type: 'about:blank', title: 'URI Too Long', status: 414, detail: 'A path segment is longer than this service accepts', instance }
  if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'The request body is not valid JSON', instance }
  }
  if (status >= 400 && status < 500) {
    return { type: 'about:blank', title: STATUS_CODES[status] ?? 'Bad Request', status, instance }
  }
  if (isUnavailable(err)) return { type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'Storage is temporarily unavailable; retry shortly', instance }
  return { type: 'about:blank', title: 'Internal Server Error', status: 500, instance }
}

export function sendProblem (reply: FastifyReply, problem: Problem, headers: Record<string, string> = {}): FastifyReply {
  return reply.code(problem.status).headers(headers).type(PROBLEM_CONTENT_TYPE).send(problem)
}

/**
 * For Fastify's `frameworkErrors`: errors the router raises before any route, hook or error handler runs
 * (malformed percent-encoding, an over-long path segment). Fastify's own answer is plain JSON quoting the
 * URL back; this is the same problem+json as every other error. No onSend hook runs for these replies, so
 * the baseline security headers come from the caller.
 */
export function routerErrorHandler (baselineHeaders: Readonly<Record<string, string>>) {
  return function handleRouterError (err: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
    request.log.info({ status: err.statusCode, code: err.code }, 'request rejected')
    return sendProblem(reply, problemFor(err, request.id), { ...baselineHeaders, 'x-request-id': request.id })
  }
}

/** One place turns every error into RFC 9457 problem+json; 5xx never carry a message, a stack, SQL or input. */
export function replyWithProblem (err: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const problem = problemFor(err, request.id)
  const headers: Record<string, string> = err instanceof HttpProblem ? { ...err.headers } : {}
  if (problem.status === 503) headers['retry-after'] = '5'
  // The reason in words beside the code: 42883 alone does not say "the database is not migrated".
  if (problem.status >= 500) request.log.error({ err, reason: explainError(err).explanation }, 'request failed')
  else request.log.info({ status: problem.status, code: err.code }, 'request rejected')
  return sendProblem(reply, problem, headers)
}

export default fp(async function problemPlugin (app: FastifyInstance) {
  app.setErrorHandler(replyWithProblem)
}, { name: 'problem' })
