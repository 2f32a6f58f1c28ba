import { count, eq } from 'drizzle-orm'
import type { Logger } from 'pino'
import { Webhook } from 'standardwebhooks'
import type { WebhookSettings } from '../config.ts'
import type { Keyring } from '../crypto/index.ts'
import type { Database } from '../db/client.ts'
import { SYSTEM_CONTEXT, withContext } from '../db/context.ts'
import { finishDelivery, loadDeliveryForSending, recordAttempt } from '../db/queries/webhooks.ts'
import { webhookAttempts } from '../db/schema.ts'
import { PermanentJobError, type JobHandler, type WebhookJob } from '../queue/types.ts'
import { webhookDeliveriesTotal } from './metrics.ts'
import { openWebhookSecret } from './secret.ts'
import { postWebhook, type AttemptResult, type ErrorClass } from './sender.ts'

/** A failed attempt the transport should retry; its message is ours (it is stored in Redis with the job). */
export class DeliveryAttemptError extends Error {
  readonly safeMessage = true
  constructor (readonly errorClass: ErrorClass | null) {
    super(`webhook delivery attempt failed (${errorClass ?? 'unknown'})`)
    this.name = 'DeliveryAttemptError'
  }
}

export interface DeliveryDeps {
  db: Database
  keyring: Keyring
  log: Logger
  settings: Pick<WebhookSettings, 'timeoutMs' | 'maxAttempts' | 'allowPrivateTargets'>
  /** The HTTP exchange; replaceable in unit tests only. */
  send?: typeof postWebhook
}

/**
 * The job both transports run for one delivery: loads the outbox row, signs it (Standard Webhooks), POSTs
 * it once, and logs the attempt. A failed attempt throws so the transport retries with backoff; the last
 * one (or one that can never succeed: the target is refused) marks the delivery failed. A deleted
 * subscription's pending deliveries are cancelled, not sent.
 */
export function createDeliveryHandler (deps: DeliveryDeps): JobHandler<WebhookJob> {
  const send = deps.send ?? postWebhook
  return async (job, meta) => {
    const loaded = await withContext(deps.db, SYSTEM_CONTEXT, async (tx) => {
      const row = await loadDeliveryForSending(tx, job.deliveryId)
      if (row === null) return null
      const [made] = await tx.select({ n: count() }).from(webhookAttempts).where(eq(webhookAttempts.deliveryId, job.deliveryId))
      return { ...row, attemptsMade: made?.n ?? 0 }
    })
    if (loaded === null || loaded.delivery.status !== 'pending') return
    const { delivery, webhook } = loaded
    if (webhook.deletedAt !== null) {
      await withContext(deps.db, SYSTEM_CONTEXT, (tx) => finishDelivery(tx, delivery.id, 'cancelled'))
      return
    }
    // The database's count survives restarts and replays; the transport's counts this run only.
    const attempt = Math.max(loaded.attemptsMade + 1, meta.attempt)
    const body = JSON.stringify(delivery.payload)
    const messageId = `msg_${delivery.id}`
    const now = new Date()
    const secret = openWebhookSecret(deps.keyring, webhook.id, webhook)
    const headers = {
      'webhook-id': messageId,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(messageId, now, body)
    }
    const attemptedAt = new Date()
    const result: AttemptResult = await send({ url: webhook.url, body, headers, timeoutMs: deps.settings.timeoutMs, allowPrivateTargets: deps.settings.allowPrivateTargets })
    const hopeless = result.errorClass === 'refused_target'
    const last = attempt >= deps.settings.maxAttempts || hopeless
    await withContext(deps.db, SYSTEM_CONTEXT, async (tx) => {
      await recordAttempt(tx, {
        deliveryId: delivery.id,
        partnerId: delivery.partnerId,
        attempt,
        attemptedAt,
        statusCode: result.statusCode,
        outcome: result.ok ? 'succeeded' : 'failed',
        durationMs: result.durationMs,
        errorClass: result.errorClass
      })
      if (result.ok) await finishDelivery(tx, delivery.id, 'succeeded')
      else if (last) await finishDelivery(tx, delivery.id, 'failed')
    })
    webhookDeliveriesTotal.inc({ outcome: result.ok ? 'succeeded' : 'failed' })
    if (result.ok) return
    // The URL stays out of the log: a partner may have put a token in it.
    deps.log.warn({ delivery: delivery.id, webhook: webhook.id, attempt, statusCode: result.statusCode, errorClass: result.errorClass, last }, 'webhook delivery attempt failed')
    if (last) throw new PermanentJobError(`webhook delivery failed for good (${result.errorClass ?? 'unknown'})`)
    throw new DeliveryAttemptError(result.errorClass)
  }
}
