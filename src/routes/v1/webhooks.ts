import { randomUUID } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { withContext } from '../../db/context.ts'
import { recordAudit } from '../../db/queries/audit.ts'
import {
  deleteWebhook, findDelivery, findWebhook, insertReplay, insertWebhook, listDeliveries, listWebhooks, lockLiveWebhookUrls,
  type AttemptRow, type DeliveryRow, type WebhookRow
} from '../../db/queries/webhooks.ts'
import { badRequest, conflict, notFound } from '../../errors.ts'
import { contextOf, principalOf } from '../../plugins/auth.ts'
import { Closed, ProblemSchema, UuidSchema } from '../../schemas/common.ts'
import { DeliveryPageSchema, DeliverySchema, NewWebhookSchema, WebhookInputSchema, WebhookPageSchema } from '../../schemas/webhooks.ts'
import { enqueueDeliveries } from '../../webhooks/events.ts'
import { generateWebhookSecret, sealWebhookSecret } from '../../webhooks/secret.ts'
import { checkTarget, RefusedTargetError, type TargetRefusal } from '../../webhooks/targets.ts'
import { CursorSchema, LimitSchema, decodeCursor, page } from '../pagination.ts'

const REPORTER = { roles: ['reporter'] as const }
const Errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema }
const TAGS = ['Webhooks']
const ListQuery = Closed({ limit: Type.Optional(LimitSchema), cursor: Type.Optional(CursorSchema) })

const REFUSALS: Record<TargetRefusal, string> = {
  invalid_url: 'is not a valid absolute URL',
  scheme: 'must use https',
  credentials: 'must not contain a user name or password',
  private_address: 'points to a private, loopback, link-local or otherwise non-public address',
  unresolvable: 'has a host name that does not resolve'
}

/** The form two URLs are compared in: WHATWG-normalised (host case, default port, percent-encoding). */
const sameTarget = (a: string, b: string): boolean => {
  try {
    return new URL(a).href === new URL(b).href
  } catch {
    return a === b
  }
}

const toWebhook = (w: WebhookRow) => ({
  id: w.id, url: w.url, events: w.events as Array<'score.band_raised' | 'score.failed'>, minBand: w.minBand, createdAt: w.createdAt.toISOString()
})

const toAttempt = (a: AttemptRow) => ({
  attempt: a.attempt,
  attemptedAt: a.attemptedAt.toISOString(),
  statusCode: a.statusCode,
  outcome: a.outcome,
  durationMs: a.durationMs,
  errorClass: a.errorClass as 'timeout' | 'http_status' | 'redirect' | 'connection' | 'refused_target' | 'tls' | null
})

const toDelivery = (d: DeliveryRow & { attempts: AttemptRow[] }) => ({
  id: d.id,
  event: d.eventType,
  status: d.status,
  createdAt: d.createdAt.toISOString(),
  finishedAt: d.finishedAt?.toISOString() ?? null,
  replayOf: d.replayOf,
  attempts: d.attempts.map(toAttempt)
})

/**
 * Signed webhooks (reporter, its own subscriptions only). Row-level security scopes every query to the
 * caller's partner, so another partner's id is the same 404 as one that does not exist.
 */
export const webhookRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps.database
  const { config, secrets, logger } = app.deps

  app.post('/webhooks', {
    config: REPORTER,
    schema: {
      tags: TAGS,
      operationId: 'createWebhook',
      summary: 'Subscribe to score events about your reports (the signing secret is shown once)',
      description: 'Deliveries are signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`) with the returned secret.',
      body: WebhookInputSchema,
      response: { 201: NewWebhookSchema, ...Errors, 409: ProblemSchema }
    }
  }, async (request, reply) => {
    const principal = principalOf(request)
    try {
      await checkTarget(request.body.url, config.webhooks.allowPrivateTargets)
    } catch (err) {
      if (!(err instanceof RefusedTargetError)) throw err
      throw badRequest('The webhook URL is not an allowed target', [{ pointer: '/url', message: REFUSALS[err.reason] }])
    }
    const id = randomUUID()
    const secret = generateWebhookSecret()
    const sealed = sealWebhookSecret(secrets.keyring, id, secret)
    const created = await withContext(db, contextOf(request), async (tx) => {
      // Each subscription is one POST per event: 40 subscriptions to one URL were 40 POSTs of the same event.
      const live = await lockLiveWebhookUrls(tx, principal.partnerId)
      const duplicate = live.find((hook) => sameTarget(hook.url, request.body.url))
      if (duplicate !== undefined) throw conflict(`A live subscription to this URL already exists (${duplicate.id}); change or delete it instead`)
      const max = config.webhooks.maxSubscriptionsPerPartner
      if (live.length >= max) throw conflict(`Your partner already has ${live.length} live webhook subscriptions, the most this service allows (${max}); delete one first`)
      const row = await insertWebhook(tx, {
        id,
        partnerId: principal.partnerId,
        url: request.body.url,
        events: [...request.body.events],
        minBand: request.body.minBand ?? 'high',
        wrappedKey: sealed.wrappedKey,
        secret: sealed.secret,
        createdByKey: principal.apiKeyId
      })
      await recordAudit(tx, { actorPartnerId: principal.partnerId, actorKeyId: principal.apiKeyId, action: 'webhook.created', targetKind: 'webhook', targetId: row.id, requestId: request.id })
      return row
    })
    return reply.code(201).header('location', `/v1/webhooks/${created.id}`).header('cache-control', 'no-store').send({ ...toWebhook(created), secret })
  })

  app.get('/webhooks', {
    config: REPORTER,
    schema: {
      tags: TAGS,
      operationId: 'listWebhooks',
      summary: 'Your webhook subscriptions (never their secrets)',
      querystring: ListQuery,
      response: { 200: WebhookPageSchema, ...Errors }
    }
  }, async (request) => {
    const limit = request.query.limit ?? 50
    const afterId = decodeCursor(request.query.cursor, { id: 'uuid' })?.id
    const rows = await withContext(db, contextOf(request), (tx) => listWebhooks(tx, { afterId, limit: limit + 1 }))
    const result = page(rows, limit, (last) => ({ id: last.id }))
    return { items: result.items.map(toWebhook), nextCursor: result.nextCursor }
  })

  app.delete('/webhooks/:id', {
    config: REPORTER,
    schema: {
      tags: TAGS,
      operationId: 'deleteWebhook',
      summary: 'End a subscription: nothing more is sent, pending deliveries are cancelled',
      params: Closed({ id: UuidSchema }),
      response: { 204: Type.Null(), ...Errors }
    }
  }, async (request, reply) => {
    const principal = principalOf(request)
    const deleted = await withContext(db, contextOf(request), async (tx) => {
      const done = await deleteWebhook(tx, request.params.id)
      if (done) await recordAudit(tx, { actorPartnerId: principal.partnerId, actorKeyId: principal.apiKeyId, action: 'webhook.deleted', targetKind: 'webhook', targetId: request.params.id, requestId: request.id })
      return done
    })
    if (!deleted) throw notFound('Webhook')
    return reply.code(204).send(null)
  })

  app.get('/webhooks/:id/deliveries', {
    config: REPORTER,
    schema: {
      tags: TAGS,
      operationId: 'listWebhookDeliveries',
      summary: 'Deliveries of a subscription, each with its attempts (time, status code, outcome, duration)',
      params: Closed({ id: UuidSchema }),
      querystring: ListQuery,
      response: { 200: DeliveryPageSchema, ...Errors }
    }
  }, async (request) => {
    const limit = request.query.limit ?? 50
    const afterId = decodeCursor(request.query.cursor, { id: 'uuid' })?.id
    const rows = await withContext(db, contextOf(request), async (tx) => {
      if (await findWebhook(tx, request.params.id) === null) throw notFound('Webhook')
      return await listDeliveries(tx, { webhookId: request.params.id, afterId, limit: limit + 1 })
    })
    const result = page(rows, limit, (last) => ({ id: last.id }))
    return { items: result.items.map(toDelivery), nextCursor: result.nextCursor }
  })

  app.post('/webhooks/:id/deliveries/:deliveryId/replay', {
    config: REPORTER,
    schema: {
      tags: TAGS,
      operationId: 'replayWebhookDelivery',
      summary: 'Send an event again, as a new delivery with its own attempts',
      params: Closed({ id: UuidSchema, deliveryId: UuidSchema }),
      response: { 202: DeliverySchema, ...Errors }
    }
  }, async (request, reply) => {
    const replay = await withContext(db, contextOf(request), async (tx) => {
      if (await findWebhook(tx, request.params.id) === null) return null
      const original = await findDelivery(tx, request.params.id, request.params.deliveryId)
      return original === null ? null : await insertReplay(tx, original)
    })
    if (replay === null) throw notFound('Webhook delivery')
    await enqueueDeliveries(app.deps.webhooks, [replay.id], logger)
    return reply.code(202).send(toDelivery({ ...replay, attempts: [] }))
  })
}
