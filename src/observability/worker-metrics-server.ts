import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Logger } from 'pino'
import { collectDefaultMetrics, Registry } from 'prom-client'
import type { ScoringQueue } from '../queue/types.ts'
import { registerQueueGauges } from './queue-metrics.ts'
import { backgroundWorkRegistry } from './scoring-metrics.ts'

export interface MetricsServer { url: string, close (): Promise<void> }

/**
 * The worker's Prometheus endpoint (GET /metrics): process metrics, queue depth and age, and the scoring
 * series this process records. A bare node:http server: the worker has no other HTTP to share a framework with.
 */
export async function startWorkerMetricsServer (options: { host: string, port: number, queue: ScoringQueue, log: Logger }): Promise<MetricsServer> {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  registerQueueGauges(registry, options.queue)
  const server = http.createServer((request, response) => {
    if (request.method !== 'GET' || request.url !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n')
      return
    }
    Promise.all([registry.metrics(), backgroundWorkRegistry.metrics()]).then(([own, background]) => {
      response.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' }).end(`${own}\n${background}`)
    }, (err: unknown) => {
      options.log.warn({ err }, 'could not collect metrics')
      response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics unavailable\n')
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => { server.off('error', reject); resolve() })
  })
  const { address, port } = server.address() as AddressInfo
  const url = `http://${address.includes(':') ? `[${address}]` : address}:${port}/metrics`
  options.log.info({ url }, 'worker metrics served')
  return {
    url,
    close: async () => { await new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections() }) }
  }
}
