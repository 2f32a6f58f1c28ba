import { Counter } from 'prom-client'
import { backgroundWorkRegistry } from '../observability/scoring-metrics.ts'

/**
 * Delivery attempts by outcome, in the per-process registry of the work this process does: the worker
 * serves it on WORKER_METRICS_PORT, and in embedded mode, where deliveries run inside the API, /metrics does.
 */
export const webhookDeliveriesTotal = new Counter({
  name: 'webhook_deliveries_total',
  help: 'Webhook delivery attempts by outcome (succeeded, failed)',
  labelNames: ['outcome'] as const,
  registers: [backgroundWorkRegistry]
})
