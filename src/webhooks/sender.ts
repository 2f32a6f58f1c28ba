import http from 'node:http'
import https from 'node:https'
import { guardedLookup, parseTargetUrl, RefusedTargetError } from './targets.ts'

/** Why an attempt failed, as a fixed class: stored and shown to the partner, so never a message. */
export type ErrorClass = 'timeout' | 'http_status' | 'redirect' | 'connection' | 'refused_target' | 'tls'

export interface AttemptResult {
  ok: boolean
  statusCode: number | null
  durationMs: number
  errorClass: ErrorClass | null
}

/** Largest part of a receiver's answer read (and then discarded): a hostile receiver cannot make us buffer more. */
const MAX_RESPONSE_BYTES = 64 * 1024

const TLS_CODES = /^(CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|ERR_TLS|ERR_SSL|HOSTNAME_MISMATCH|ERR_CERT)/

function classify (err: unknown): ErrorClass {
  if (err instanceof RefusedTargetError) return 'refused_target'
  const code = (err as { code?: unknown }).code
  if (typeof code === 'string' && TLS_CODES.test(code)) return 'tls'
  if ((err as { name?: unknown }).name === 'TimeoutError' || (err as { name?: unknown }).name === 'AbortError') return 'timeout'
  return 'connection'
}

/**
 * POSTs one signed body. Node's http client never follows redirects, so a 3xx is a failed attempt (a
 * redirect could lead anywhere, past the address check). The timeout covers the whole exchange, from
 * DNS to the last byte, so a receiver that accepts and then hangs costs one slot for timeoutMs at most.
 */
export async function postWebhook (input: {
  url: string
  body: string
  headers: Record<string, string>
  timeoutMs: number
  allowPrivateTargets: boolean
}): Promise<AttemptResult> {
  const started = performance.now()
  const elapsed = (): number => Math.round(performance.now() - started)
  let url: URL
  try {
    url = parseTargetUrl(input.url, input.allowPrivateTargets)
  } catch (err) {
    return { ok: false, statusCode: null, durationMs: elapsed(), errorClass: classify(err) }
  }
  const signal = AbortSignal.timeout(input.timeoutMs)
  const transport = url.protocol === 'https:' ? https : http
  return await new Promise<AttemptResult>((resolve) => {
    let settled = false
    const finish = (result: Omit<AttemptResult, 'durationMs'>): void => {
      if (settled) return
      settled = true
      resolve({ ...result, durationMs: elapsed() })
    }
    const request = transport.request(url, {
      method: 'POST',
      headers: { ...input.headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(input.body)), 'user-agent': 'red-notice-monitor-webhooks/1' },
      lookup: guardedLookup(input.allowPrivateTargets),
      signal,
      // No connection reuse: every attempt resolves and checks its target afresh.
      agent: false
    }, (response) => {
      const status = response.statusCode ?? 0
      let read = 0
      response.on('data', (chunk: Buffer) => {
        read += chunk.length
        if (read > MAX_RESPONSE_BYTES) response.destroy()
      })
      const done = (): void => {
        if (status >= 200 && status < 300) finish({ ok: true, statusCode: status, errorClass: null })
        else finish({ ok: false, statusCode: status, errorClass: status >= 300 && status < 400 ? 'redirect' : 'http_status' })
      }
      response.on('end', done)
      response.on('close', done)
      response.on('error', () => done())
    })
    request.on('error', (err) => finish({ ok: false, statusCode: null, errorClass: signal.aborted ? 'timeout' : classify(err) }))
    request.end(input.body)
  })
}
