import { Type } from 'typebox'
import { Closed, Nullable, Page, Text, TimestampSchema, UuidSchema } from './common.ts'
import { named } from './named.ts'

export const WebhookEventSchema = named('WebhookEvent', Type.Union([Type.Literal('score.band_raised'), Type.Literal('score.failed')], {
  description: '`score.band_raised`: a report\'s score reached `minBand` or above from below it; `score.failed`: scoring a report failed for good'
}))
export const BandSchema = Type.Union([Type.Literal('low'), Type.Literal('elevated'), Type.Literal('high'), Type.Literal('critical')])

export const WebhookInputSchema = named('WebhookInput', Closed({
  url: Text(2000, {
    minLength: 1,
    description: 'Where deliveries are POSTed: https, on a public address (private, loopback, link-local and similar targets are refused)',
    examples: ['https://alerts.example.org/red-notice-monitor']
  }),
  events: Type.Array(WebhookEventSchema, { minItems: 1, maxItems: 2, uniqueItems: true }),
  minBand: Type.Optional(Type.Union([Type.Literal('low'), Type.Literal('elevated'), Type.Literal('high'), Type.Literal('critical')], {
    description: 'score.band_raised fires when a score crosses this band from below (default `high`)'
  }))
}))

export const WebhookSchema = named('Webhook', Closed({
  id: UuidSchema,
  url: Text(2000),
  events: Type.Array(WebhookEventSchema, { maxItems: 2 }),
  minBand: BandSchema,
  createdAt: TimestampSchema
}))

export const NewWebhookSchema = named('NewWebhook', Closed({
  ...WebhookSchema.properties,
  secret: Text(200, { description: 'Signing secret (Standard Webhooks, `whsec_…`). Shown this once; stored encrypted.' })
}))

export const WebhookPageSchema = named('WebhookPage', Page(WebhookSchema, 'Your live webhook subscriptions, newest first'))

export const AttemptSchema = named('WebhookDeliveryAttempt', Closed({
  attempt: Type.Integer({ minimum: 1, description: 'Attempt number, from 1' }),
  attemptedAt: TimestampSchema,
  statusCode: Nullable(Type.Integer({ minimum: 100, maximum: 999 }), { description: 'The receiver\'s HTTP status; null when no answer came' }),
  outcome: Type.Union([Type.Literal('succeeded'), Type.Literal('failed')]),
  durationMs: Type.Integer({ minimum: 0 }),
  errorClass: Nullable(Type.Union([
    Type.Literal('timeout'), Type.Literal('http_status'), Type.Literal('redirect'), Type.Literal('connection'), Type.Literal('refused_target'), Type.Literal('tls')
  ]), { description: 'Why the attempt failed; redirects are not followed' })
}))

export const DeliverySchema = named('WebhookDelivery', Closed({
  id: UuidSchema,
  event: WebhookEventSchema,
  status: Type.Union([Type.Literal('pending'), Type.Literal('succeeded'), Type.Literal('failed'), Type.Literal('cancelled')], {
    description: '`pending` while attempts remain; `cancelled` when the subscription was deleted first'
  }),
  createdAt: TimestampSchema,
  finishedAt: Nullable(TimestampSchema),
  replayOf: Nullable(UuidSchema, { description: 'The delivery this one replays' }),
  attempts: Type.Array(AttemptSchema, { maxItems: 20 })
}))

export const DeliveryPageSchema = named('WebhookDeliveryPage', Page(DeliverySchema, 'Deliveries of one subscription, newest first, each with its attempts'))
