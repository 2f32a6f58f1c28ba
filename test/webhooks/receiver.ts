import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Received { path: string, headers: Record<string, string>, body: string, at: number }

/** How a path answers: a status, or a function of how many requests that path has had (1-based). */
export type Behaviour = (request: number) => { status: number, headers?: Record<string, string>, hangMs?: number }

/** A webhook receiver on loopback that records every request and answers per path. */
export class Receiver {
  readonly received: Received[] = []
  private readonly behaviours = new Map<string, Behaviour>()
  private readonly counts = new Map<string, number>()
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const path = req.url ?? '/'
      const n = (this.counts.get(path) ?? 0) + 1
      this.counts.set(path, n)
      this.received.push({ path, headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() })
      const behaviour: Behaviour = this.behaviours.get(path) ?? (() => ({ status: 204 }))
      const answer = behaviour(n)
      const respond = (): void => { res.writeHead(answer.status, answer.headers).end() }
      if (answer.hangMs === undefined) respond()
      else setTimeout(respond, answer.hangMs).unref()
    })
  })

  async start (): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    return this
  }

  url (path: string, behaviour?: Behaviour): string {
    if (behaviour !== undefined) this.behaviours.set(path, behaviour)
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`
  }

  at (path: string): Received[] {
    return this.received.filter((r) => r.path === path)
  }

  async close (): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}
