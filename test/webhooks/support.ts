import { expect } from 'vitest'
import { Webhook } from 'standardwebhooks'
import type { TestContext } from '../helpers/app.ts'
import { waitFor } from '../helpers/process.ts'
import { bearer } from '../scoring/api.ts'
import type { Received } from './receiver.ts'

/** Settings that keep retries short in tests; the receiver is on loopback, so private targets are allowed. */
export const TEST_WEBHOOK_ENV = {
  WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
  WEBHOOK_TIMEOUT_MS: '2000',
  WEBHOOK_MAX_ATTEMPTS: '5',
  WEBHOOK_BACKOFF_BASE_MS: '50',
  WEBHOOK_CONCURRENCY: '8'
}

export async function subscribe (ctx: TestContext, token: string, body: { url: string, events?: string[], minBand?: string }): Promise<{ id: string, secret: string }> {
  const res = await ctx.app.inject({ method: 'POST', url: '/v1/webhooks', headers: bearer(token), payload: { events: ['score.band_raised'], ...body } })
  expect(res.statusCode, res.body).toBe(201)
  return res.json()
}

export async function fileReport (ctx: TestContext, token: string, body: object): Promise<string> {
  const res = await ctx.app.inject({ method: 'POST', url: '/v1/red-notices', headers: bearer(token), payload: body })
  expect(res.statusCode, res.body).toBe(201)
  return res.json().id as string
}

/** Waits for the report's score and answers its band and when it was written. */
export async function scoredBand (ctx: TestContext, token: string, reportId: string): Promise<{ band: string, score: number, at: number }> {
  let body: { band: string, score: number } | undefined
  await waitFor(async () => {
    const res = await ctx.app.inject({ url: `/v1/red-notices/${reportId}/score`, headers: bearer(token) })
    if (res.statusCode === 200) body = res.json()
    return body !== undefined
  }, 15_000, 'the score')
  return { ...body!, at: Date.now() }
}

/** What a receiver does with a delivery: verify the signature with the standardwebhooks library itself. */
export function verified (secret: string, received: Received): { type: string, timestamp: string, data: Record<string, unknown> } {
  return new Webhook(secret).verify(received.body, {
    'webhook-id': received.headers['webhook-id'] ?? '',
    'webhook-timestamp': received.headers['webhook-timestamp'] ?? '',
    'webhook-signature': received.headers['webhook-signature'] ?? ''
  }) as { type: string, timestamp: string, data: Record<string, unknown> }
}

export async function deliveriesOf (ctx: TestContext, token: string, webhookId: string): Promise<Array<{ id: string, status: string, replayOf: string | null, attempts: Array<{ attempt: number, outcome: string, statusCode: number | null, errorClass: string | null, durationMs: number }> }>> {
  const res = await ctx.app.inject({ url: `/v1/webhooks/${webhookId}/deliveries`, headers: bearer(token) })
  expect(res.statusCode, res.body).toBe(200)
  return res.json().items
}
