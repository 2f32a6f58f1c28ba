import { Counter } from 'prom-client'

/**
 * Delivery attempts by outcome. Registered in no registry of its own: the process that serves /metrics
 * adds it to its registry (src/plugins/metrics.ts), so in embedded mode, where deliveries run inside the
 * API, it is exported; a separate worker process counts it but has no endpoint to export it from.
 */
export const webhookDeliveriesTotal = new Counter({
  name: 'webhook_deliveries_total',
  help: 'Webhook delivery attempts by outcome (succeeded, failed)',
  labelNames: ['outcome'] as const,
  registers: []
})
