import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Redis } from 'ioredis'
import { freePort, waitFor } from './process.ts'

export interface PrivateRedis {
  url: string
  port: number
  /** Starts the server (again) on the same port; without persistence it always starts empty. */
  start (): Promise<void>
  /** SIGKILL: the server vanishes as in a crash or an operator's `SHUTDOWN NOSAVE`. */
  stop (): Promise<void>
  flushall (): Promise<void>
  /** Runs one command on a short-lived connection of its own. */
  command (...args: Array<string | number>): Promise<unknown>
  destroy (): Promise<void>
}

/**
 * A redis-server of the test's own on a free port, without persistence, in a temporary folder, for tests
 * that stop, empty or break Redis. The shared server on 6379 is never touched.
 */
export async function startPrivateRedis (): Promise<PrivateRedis> {
  const port = await freePort()
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rnm-redis-'))
  let child: ChildProcess | null = null
  let exited: Promise<void> = Promise.resolve()
  const url = `redis://127.0.0.1:${port}`
  const server: PrivateRedis = {
    url,
    port,
    async start () {
      if (child !== null) return
      const proc = spawn('/usr/bin/redis-server', [
        '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no',
        '--daemonize', 'no', '--maxmemory-policy', 'noeviction', '--enable-debug-command', 'local'
      ], { stdio: ['ignore', 'pipe', 'pipe'] })
      let output = ''
      proc.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString('utf8') })
      proc.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString('utf8') })
      exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()))
      child = proc
      try {
        await waitFor(() => output.includes('Ready to accept connections') || proc.exitCode !== null, 10_000, `redis-server on ${port}`)
      } catch (err) {
        proc.kill('SIGKILL')
        child = null
        throw err
      }
      if (proc.exitCode !== null) {
        child = null
        throw new Error(`redis-server on ${port} exited: ${output}`)
      }
    },
    async stop () {
      const proc = child
      if (proc === null) return
      child = null
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL')
      await exited
    },
    async flushall () { await server.command('FLUSHALL') },
    async command (...args) {
      const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: true })
      try {
        await redis.connect()
        const [name, ...rest] = args
        return await redis.call(String(name), ...rest)
      } finally {
        redis.disconnect()
      }
    },
    async destroy () {
      await server.stop()
      await fs.rm(dir, { recursive: true, force: true })
    }
  }
  await server.start()
  return server
}
