/**
 * S15 (docs/security.md §7), the parts that need real sockets or a quiet machine: slow clients are cut at
 * REQUEST_TIMEOUT_MS, 2,000 concurrent connections are all answered (listening with the server's backlog), and every pattern of the
 * OpenAPI document answers adversarial strings in under 10 ms. (Oversize bodies and limit=1000000 are in
 * test/security/authentication.test.ts and hostile-query.test.ts; load shedding in test/app/under-pressure.test.ts.)
 */
import { connect, type Socket } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LISTEN_BACKLOG } from '../../src/app.ts'
import { createTestContext, RecordingQueue, type TestContext } from '../helpers/app.ts'
import { createWorld, type World } from '../security/support.ts'
import { adversarialStrings, documentPatterns } from '../security/redos.ts'

const REQUEST_TIMEOUT_MS = 3000
/** The app checks for expired requests every requestTimeout / 4 (see buildApp). */
const CHECK_INTERVAL_MS = REQUEST_TIMEOUT_MS / 4

describe('resource exhaustion (S15)', () => {
  let ctx: TestContext
  let world: World
  let port: number
  beforeAll(async () => {
    ctx = await createTestContext({
      queue: new RecordingQueue(),
      env: { REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS), RATE_LIMIT_MAX: '1000000', LOG_LEVEL: 'warn' }
    })
    world = await createWorld(ctx)
    await ctx.app.listen({ host: '127.0.0.1', port: 0, backlog: LISTEN_BACKLOG })
    port = (ctx.app.server.address() as { port: number }).port
  })
  afterAll(async () => { await ctx.close() })

  /** One raw HTTP/1.1 exchange: the status line's code, or the error that ended the socket. */
  function exchange (request: string): Promise<number | string> {
    return new Promise((resolve) => {
      const socket = connect({ host: '127.0.0.1', port })
      let head = ''
      socket.setEncoding('latin1')
      socket.on('connect', () => socket.write(request))
      socket.on('data', (chunk: string) => { head += chunk })
      socket.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'))
      socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0) || 'closed without answer'))
      socket.setTimeout(60_000, () => socket.destroy())
    })
  }

  it('cuts 200 clients sending 1 byte/s at REQUEST_TIMEOUT_MS, and keeps serving others meanwhile', async () => {
    const body = JSON.stringify({ mechanism: 'red_notice', requestingCountry: 'RU', subject: { fullName: 'Slow client' } })
    const request = `POST /v1/red-notices HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${world.a.token}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`
    const started = Date.now()
    const clients = Array.from({ length: 200 }, () => new Promise<{ cutAfter: number, bytes: number, status: string }>((resolve) => {
      const socket: Socket = connect({ host: '127.0.0.1', port })
      let sent = 0
      let answer = ''
      const drip = setInterval(() => { if (!socket.destroyed && sent < request.length) socket.write(request[sent++]!) }, 1000)
      socket.on('connect', () => { socket.write(request[sent++]!) })
      socket.on('data', (chunk) => { answer += chunk.toString('latin1') })
      socket.on('error', () => {})
      socket.on('close', () => {
        clearInterval(drip)
        resolve({ cutAfter: Date.now() - started, bytes: sent, status: /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 'none' })
      })
      // Bound: a client the server never cuts is ended here, and fails the assertions below.
      setTimeout(() => socket.destroy(), REQUEST_TIMEOUT_MS * 5)
    }))
    // While they drip, the service still answers a normal request.
    await sleep(REQUEST_TIMEOUT_MS / 2)
    const meanwhile = await exchange('GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n')
    const results = await Promise.all(clients)
    const cut = results.map((r) => r.cutAfter).sort((a, b) => a - b)
    const statuses = new Map<string, number>()
    for (const r of results) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1)
    console.log(`[S15 slow clients] 200 clients at 1 byte/s, REQUEST_TIMEOUT_MS ${REQUEST_TIMEOUT_MS}: cut after ${cut[0]}–${cut.at(-1)} ms ` +
      `(median ${cut[100]} ms), having sent at most ${Math.max(...results.map((r) => r.bytes))} of ${request.length} bytes; answers ${JSON.stringify(Object.fromEntries(statuses))}; ` +
      `a normal request meanwhile: ${meanwhile}`)
    expect(meanwhile).toBe(200)
    for (const r of results) {
      expect(r.bytes).toBeLessThan(request.length)
      expect(r.status).toBe('408')
      // Not before the limit, and no later than the limit plus the checker's period and scheduling slack.
      expect(r.cutAfter).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100)
      expect(r.cutAfter).toBeLessThan(REQUEST_TIMEOUT_MS + 2 * CHECK_INTERVAL_MS + 3000)
    }
  }, 60_000)

  it('answers 2,000 concurrent connections without crashing, then serves as before', async () => {
    const rssBefore = process.memoryUsage().rss
    const requests = Array.from({ length: 2000 }, (_, i) => i % 2 === 0
      ? 'GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'
      : `GET /v1/red-notices?limit=5 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${world.a.token}\r\nConnection: close\r\n\r\n`)
    const started = Date.now()
    const outcomes = await Promise.all(requests.map((request) => exchange(request)))
    const counts = new Map<string, number>()
    for (const outcome of outcomes) counts.set(String(outcome), (counts.get(String(outcome)) ?? 0) + 1)
    console.log(`[S15 connections] 2000 concurrent connections in ${Date.now() - started} ms: ${JSON.stringify(Object.fromEntries(counts))}; ` +
      `RSS ${(rssBefore / 2 ** 20).toFixed(0)} -> ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`)
    // Every connection got an HTTP answer (none reset unanswered: see LISTEN_BACKLOG): success, or a clean
    // refusal (shedding, rate limit), never a 5xx.
    for (const [outcome, n] of counts) expect([200, 429, 503].map(String), `${n} × ${outcome}`).toContain(outcome)
    expect(counts.get('200') ?? 0).toBeGreaterThan(1000)
    expect(await exchange('GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n')).toBe(200)
    const after = await exchange(`GET /v1/red-notices HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${world.a.token}\r\nConnection: close\r\n\r\n`)
    expect(after).toBe(200)
  }, 120_000)

  it('every pattern of the document answers adversarial strings in under 10 ms', () => {
    const strings = adversarialStrings()
    const slowest: Array<[string, number]> = []
    const singles: number[] = []
    for (const pattern of documentPatterns().keys()) {
      // The flags ajv uses for `pattern`.
      const regex = new RegExp(pattern, 'u')
      let worst = 0
      let worstSingle = 0
      for (const input of strings) {
        // Best of three runs: a GC pause or a preemption on the shared machine is not the regex's cost, while
        // catastrophic backtracking is slow every time. The slowest single run is printed as well.
        let best = Number.POSITIVE_INFINITY
        for (let run = 0; run < 3; run++) {
          const start = process.hrtime.bigint()
          regex.test(input)
          const ms = Number(process.hrtime.bigint() - start) / 1e6
          best = Math.min(best, ms)
          worstSingle = Math.max(worstSingle, ms)
        }
        worst = Math.max(worst, best)
      }
      slowest.push([pattern, worst])
      singles.push(worstSingle)
    }
    console.log(`[S15 ReDoS] ${slowest.length} patterns × ${strings.length} adversarial strings of ~50,000 characters (every maxLength in the document is ≤ 5,000); ` +
      'slowest match per pattern, best of 3 (slowest single run), ms: ' + slowest.map(([p, ms], i) => `${p} ${ms.toFixed(2)} (${singles[i]!.toFixed(2)})`).join(', '))
    for (const [pattern, ms] of slowest) expect(ms, pattern).toBeLessThan(10)
  })
})
