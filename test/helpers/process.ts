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

export interface RunningProcess {
  child: ChildProcess
  output (): string
  exited: Promise<{ code: number | null, signal: NodeJS.Signals | null }>
  /** SIGTERM, then resolves with the exit code and how long the exit took. */
  stop (): Promise<{ code: number | null, ms: number }>
}

/** Starts a command the way compose or a user would: a child process with exactly the given environment. */
export function startProcess (command: string[], env: Record<string, string>): RunningProcess {
  const [file, ...args] = command
  const child = spawn(file as string, args, {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString('utf8') })
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString('utf8') })
  const exited = new Promise<{ code: number | null, signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }))
  })
  return {
    child,
    output: () => output,
    exited,
    async stop () {
      const started = Date.now()
      child.kill('SIGTERM')
      const { code } = await exited
      return { code, ms: Date.now() - started }
    }
  }
}

export async function waitFor (check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<number> {
  const started = Date.now()
  while (Date.now() - started < timeoutMs) {
    if (await check()) return Date.now() - started
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
}

export async function httpStatus (url: string, init?: RequestInit): Promise<number> {
  try {
    const res = await fetch(url, init)
    await res.arrayBuffer()
    return res.status
  } catch {
    return 0
  }
}

/** Runs a command to its end, keeping stdout and stderr apart (a command's result on stdout must stand alone). */
export async function runCommand (command: string[], env: Record<string, string>): Promise<{ code: number | null, stdout: string, stderr: string }> {
  const proc = startProcess(command, env)
  let stdout = ''
  let stderr = ''
  proc.child.stdout?.on('data', (chunk: Buffer) => { stdout += chunk.toString('utf8') })
  proc.child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8') })
  const { code } = await proc.exited
  return { code, stdout, stderr }
}
