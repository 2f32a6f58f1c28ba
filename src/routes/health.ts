import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { DatabaseHandle } from '../db/client.ts'
import type { ScoringQueue } from '../queue/types.ts'

const Check = Type.Union([Type.Literal('up'), Type.Literal('down'), Type.Literal('not configured')])
const ReadySchema = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('unavailable')]),
  checks: Type.Object({ database: Check, queue: Check })
})

async function probe (check: () => Promise<void>, timeoutMs: number): Promise<'up' | 'down'> {
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([check(), new Promise((_resolve, reject) => { timer = setTimeout(() => reject(new Error('timeout')), timeoutMs) })])
    return 'up'
  } catch {
    return 'down'
  } finally {
    clearTimeout(timer)
  }
}

export const healthRoutes: FastifyPluginAsyncTypebox<{ database: DatabaseHandle, queue: ScoringQueue }> = async (app, { database, queue }) => {
  app.get('/health/live', {
    config: { public: true },
    schema: { tags: ['Health'], summary: 'The process is running', operationId: 'getLiveness', security: [], response: { 200: Type.Object({ status: Type.Literal('ok') }) } }
  }, async () => ({ status: 'ok' as const }))

  app.get('/health/ready', {
    config: { public: true },
    schema: {
      tags: ['Health'],
      summary: 'The database (and Redis, when configured) answer',
      operationId: 'getReadiness',
      security: [],
      response: { 200: ReadySchema, 503: ReadySchema }
    }
  }, async (_request, reply) => {
    const [db, q] = await Promise.all([
      probe(() => database.ping(), 2000),
      queue.transport === 'bullmq' ? probe(() => queue.ping(), 2000) : Promise.resolve('not configured' as const)
    ])
    const ready = db === 'up' && q !== 'down'
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', checks: { database: db, queue: q } })
  })
}
