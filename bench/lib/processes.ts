import { spawn, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

export async function freePort (): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

export interface Service { name: string, url: string, child: ChildProcess, stop (): Promise<void> }

/**
 * Runs a server in a process of its own, so the load generator in this process does not steal its event
 * loop; resolves once `readyPath` answers 200 (bounded by `timeoutMs`).
 */
export async function startService (options: {
  name: string
  script: string
  env: Record<string, string>
  nodeFlags?: string[]
  /** Ready once this path answers 200, or (a process without HTTP, e.g. a worker) once it prints readyLine. */
  readyPath: string
  readyLine?: string
  timeoutMs?: number
}): Promise<Service> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const child = spawn(process.execPath, [...options.nodeFlags ?? [], '--import', 'tsx', options.script], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...options.env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  // Kept for a failure message only; the servers run with LOG_LEVEL=silent, so nothing about a report lands here.
  let output = ''
  const keep = (chunk: Buffer): void => { output = (output + chunk.toString('utf8')).slice(-4000) }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const service: Service = {
    name: options.name,
    url,
    child,
    async stop () {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      await exited
      clearTimeout(timer)
    }
  }
  const deadline = Date.now() + (options.timeoutMs ?? 60_000)
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${options.name} exited with ${child.exitCode}:\n${output}`)
    if (options.readyLine !== undefined) {
      if (output.includes(options.readyLine)) return service
    } else {
      const status = await fetch(`${url}${options.readyPath}`).then((res) => res.status, () => 0)
      if (status === 200) return service
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  await service.stop()
  throw new Error(`${options.name} was not ready within ${options.timeoutMs ?? 60_000} ms:\n${output}`)
}

/** Starts several services side by side (start-up is most of a benchmark's fixed cost); on any failure none is left running. */
export async function startServices (specs: Array<Parameters<typeof startService>[0]>, onStarted: (service: Service) => void): Promise<Service[]> {
  const settled = await Promise.allSettled(specs.map((spec) => startService(spec)))
  for (const outcome of settled) if (outcome.status === 'fulfilled') onStarted(outcome.value)
  const failed = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected')
  if (failed !== undefined) throw failed.reason
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<Service>).value)
}
