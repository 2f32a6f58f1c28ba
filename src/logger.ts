import { pino, type DestinationStream, type Logger } from 'pino'

/**
 * Paths that may carry secrets or identities. Redaction is a backstop only: the real control is that
 * request bodies are never logged and error messages of parse and database errors are dropped below.
 */
const REDACT_PATHS = [
  'req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]', 'req.headers["idempotency-key"]',
  'headers.authorization', 'authorization', 'apiKey', 'token', 'secret', 'password',
  '*.fullName', '*.aliases', '*.dateOfBirth', '*.notes', '*.subjectFullName', 'body', '*.body'
]

// Errors whose message may echo input (JSON parse errors quote the body; drizzle puts SQL and params in it).
const UNSAFE_MESSAGE_CODES = new Set(['FST_ERR_CTP_INVALID_JSON_BODY', 'FST_ERR_CTP_EMPTY_JSON_BODY'])

interface SerializedError { type: string, code?: string | number, statusCode?: number, message?: string, stack?: string, cause?: SerializedError }

/** Keeps type, code and frames; keeps the message only for errors we raise ourselves with safe text. */
export function serializeError (err: unknown, depth = 0): SerializedError {
  if (!(err instanceof Error)) return { type: typeof err }
  const e = err as Error & { code?: string | number, statusCode?: number, safeMessage?: boolean, cause?: unknown }
  const out: SerializedError = { type: e.constructor?.name ?? e.name }
  if (e.code !== undefined) out.code = e.code
  if (e.statusCode !== undefined) out.statusCode = e.statusCode
  if (e.safeMessage === true && !UNSAFE_MESSAGE_CODES.has(String(e.code))) out.message = e.message
  // The stack's head repeats the message (over several lines if it has newlines): keep only the frames.
  if (typeof e.stack === 'string') out.stack = e.stack.split('\n').filter((line) => /^\s+at /.test(line)).join('\n')
  if (e.cause !== undefined && depth < 3) out.cause = serializeError(e.cause, depth + 1)
  return out
}

// An API key pasted into a path (/v1/red-notices/rnm_…) must not be logged whole: the key id stays.
const KEY_SECRET_IN_PATH = /(rnm(?:_|%5f)[0-9a-f]{32}(?:_|%5f))[^/?#]*/gi

function serializeRequest (req: { method: string, url: string, id: string }) {
  // The query string can carry anything a client typed; only the path is logged.
  return { method: req.method, path: (req.url.split('?')[0] ?? '').replace(KEY_SECRET_IN_PATH, '$1[redacted]'), id: req.id }
}

export function createLogger (level: string, destination?: DestinationStream): Logger {
  return pino({
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { err: serializeError, error: serializeError, req: serializeRequest },
    base: { service: 'red-notice-monitor' }
  }, destination)
}
