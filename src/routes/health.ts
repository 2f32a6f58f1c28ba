import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyBaseLogger } from 'fastify'
import { Type } from 'typebox'
import type { DatabaseHandle } from '../db/client.ts'
import { describeMigrationState } from '../db/migration-state.ts'
import type { ScoringQueue } from '../queue/types.ts'

const Check = Type.Union([Type.Literal('up'), Type.Literal('down'), Type.Literal('not configured')])
const MigrationsCheck = Type.Union([Type.Literal('current'), Type.Literal('behind'), Type.Literal('missing'), Type.Literal('unknown')], {
  description: 'current: every migration this release ships is applied; behind or missing: run `npm run migrate`; unknown: the database did not answer'
})
const ReadySchema = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('unavailable')]),
  checks: Type.Object({ database: Check, migrations: MigrationsCheck, queue: Check })
})

async function probe<T> (check: () => Promise<T>, timeoutMs: number): Promise<T | 'down'> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([check(), new Promise<never>((_resolve, reject) => { timer = setTimeout(() => reject(new Error('timeout')), timeoutMs) })])
  } catch {
    return 'down'
  } finally {
    clearTimeout(timer)
  }
}

/** Logs an unmigrated database once per state, in words: every call would otherwise be a bare 500 with a SQLSTATE. */
function migrationWarner (log: FastifyBaseLogger): (state: Awaited<ReturnType<DatabaseHandle['migrationState']>>) => void {
  let last = ''
  return (state) => {
    if (state.state === 'current' || state.state === last) return
    last = state.state
    log.error({ migrations: state.state, applied: state.applied, shipped: state.shipped }, `not ready: ${describeMigrationState(state)}`)
  }
}

export const healthRoutes: FastifyPluginAsyncTypebox<{ database: DatabaseHandle, queue: ScoringQueue }> = async (app, { database, queue }) => {
  const warn = migrationWarner(app.log)

  app.get('/health/live', {
    config: { public: true },
    schema: { tags: ['Health'], summary: 'The process is running', operationId: 'getLiveness', security: [], response: { 200: Type.Object({ status: Type.Literal('ok') }) } }
  }, async () => ({ status: 'ok' as const }))

  app.get('/health/ready', {
    config: { public: true },
    schema: {
      tags: ['Health'],
      summary: 'The database answers and has every migration, and Redis answers (when configured)',
      operationId: 'getReadiness',
      security: [],
      response: { 200: ReadySchema, 503: ReadySchema }
    }
  }, async (_request, reply) => {
    const [db, migrations, q] = await Promise.all([
      probe(async () => { await database.ping(); return 'up' as const }, 2000),
      probe(async () => await database.migrationState(), 2000),
      queue.transport === 'bullmq' ? probe(async () => { await queue.ping(); return 'up' as const }, 2000) : Promise.resolve('not configured' as const)
    ])
    if (migrations !== 'down') warn(migrations)
    const migrationCheck = migrations === 'down' ? 'unknown' as const : migrations.state
    const ready = db === 'up' && migrationCheck === 'current' && q !== 'down'
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', checks: { database: db, migrations: migrationCheck, queue: q } })
  })
}
