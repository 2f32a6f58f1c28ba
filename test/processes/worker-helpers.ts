import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import { generateCryptoSecretsEnv } from '../../src/crypto/index.ts'
import { startProcess, waitFor, type RunningProcess } from '../helpers/process.ts'

export const WORKER = ['node', '--import', 'tsx', 'workers/index.ts']

/** The environment of a production worker process against a test database and a Redis of the test's choice. */
export function workerEnv (input: { databaseUrl: string, redisUrl: string, prefix?: string, extra?: Record<string, string> }): Record<string, string> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    DATABASE_URL: input.databaseUrl,
    REDIS_URL: input.redisUrl,
    QUEUE_PREFIX: input.prefix ?? `t${randomUUID().slice(0, 8)}`,
    ...generateCryptoSecretsEnv(),
    ...input.extra
  }
}

export async function startWorker (env: Record<string, string>): Promise<RunningProcess> {
  const worker = startProcess(WORKER, env)
  try {
    await waitFor(() => worker.output().includes('scoring worker started'), 20_000, 'worker started')
  } catch (err) {
    worker.child.kill('SIGKILL')
    throw new Error(`${(err as Error).message}\n${worker.output()}`)
  }
  return worker
}

/** A redis-server of the test's own on a given port: stopping it never disturbs the shared one. */
export interface OwnRedis { url: string, stop (): Promise<void>, process: ChildProcess }

export async function startOwnRedis (port: number): Promise<OwnRedis> {
  const child = spawn('/usr/bin/redis-server', [
    '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'
  ], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString('utf8') })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  await waitFor(() => output.includes('Ready to accept connections'), 10_000, `redis-server on ${port}`)
  return {
    url: `redis://127.0.0.1:${port}`,
    process: child,
    async stop () {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGKILL')
      await exited
    }
  }
}

/** Deletes every key under a queue prefix (scoring and maintenance queues, the reconcile scheduler). */
export async function removeQueueKeys (redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl)
  try {
    let cursor = '0'
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500)
      if (keys.length > 0) await redis.del(...keys)
      cursor = next
    } while (cursor !== '0')
  } finally {
    redis.disconnect()
  }
}
