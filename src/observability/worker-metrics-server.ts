import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Logger } from 'pino'
import { collectDefaultMetrics, Registry } from 'prom-client'
import type { ScoringQueue } from '../queue/types.ts'
import { presentsMetricsToken } from './metrics-token.ts'
import { registerQueueGauges } from './queue-metrics.ts'
import { backgroundWorkRegistry } from './scoring-metrics.ts'

export interface MetricsServer { url: string, close (): Promise<void> }

export interface WorkerHealth {
  /** Resolves when the worker can work: the database answers with every migration, and Redis answers. */
  ready (): Promise<boolean>
}

/** A dependency that hangs (Redis reconnecting) must make the worker unready, not the health check time out. */
async function withinTwoSeconds (check: Promise<boolean>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([check, new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), 2000) })])
  } catch {
    return false
  } finally {
    clearTimeout(timer)
  }
}

const TEXT = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }
const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }

/**
 * The worker's small HTTP surface, for Prometheus and the container's health check:
 *  - GET /metrics: process metrics, queue depth and age, and the scoring series this process records; with
 *    METRICS_TOKEN set, only to `Authorization: Bearer <METRICS_TOKEN>`;
 *  - GET /health/live (the process answers) and GET /health/ready (503 until database and Redis answer and
 *    the database has every migration).
 * A bare node:http server: the worker has no other HTTP to share a framework with.
 */
export async function startWorkerMetricsServer (options: { host: string, port: number, queue: ScoringQueue, log: Logger, token?: string | null, health?: WorkerHealth }): Promise<MetricsServer> {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  registerQueueGauges(registry, options.queue)
  const token = options.token ?? null
  const server = http.createServer((request, response) => {
    if (request.method !== 'GET') {
      response.writeHead(405, { ...TEXT, allow: 'GET' }).end('method not allowed\n')
      return
    }
    if (request.url === '/health/live') {
      response.writeHead(200, JSON_TYPE).end('{"status":"ok"}')
      return
    }
    if (request.url === '/health/ready') {
      const ready = options.health === undefined ? Promise.resolve(true) : withinTwoSeconds(options.health.ready())
      ready.then((ok) => { response.writeHead(ok ? 200 : 503, JSON_TYPE).end(JSON.stringify({ status: ok ? 'ready' : 'unavailable' })) }, () => {})
      return
    }
    if (request.url !== '/metrics') {
      response.writeHead(404, TEXT).end('not found\n')
      return
    }
    if (token !== null && !presentsMetricsToken(request.headers.authorization, token)) {
      response.writeHead(401, { ...TEXT, 'www-authenticate': 'Bearer realm="metrics"' }).end('a bearer token (METRICS_TOKEN) is required\n')
      return
    }
    Promise.all([registry.metrics(), backgroundWorkRegistry.metrics()]).then(([own, background]) => {
      response.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' }).end(`${own}\n${background}`)
    }, (err: unknown) => {
      options.log.warn({ err }, 'could not collect metrics')
      response.writeHead(500, TEXT).end('metrics unavailable\n')
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => { server.off('error', reject); resolve() })
  })
  const { address, port } = server.address() as AddressInfo
  const url = `http://${address.includes(':') ? `[${address}]` : address}:${port}/metrics`
  options.log.info({ url, token: token !== null }, 'worker metrics and health served')
  return {
    url,
    close: async () => { await new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections() }) }
  }
}
