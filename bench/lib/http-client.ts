import http from 'node:http'

/**
 * A lean HTTP client for latency measurements: node:http on kept-alive sockets (one by default, for
 * sequential requests). fetch (undici behind WHATWG streams) adds its own fraction of a millisecond to every
 * request on Node 20, which a benchmark of a 10 ms target would count against the service, and the CPU it
 * takes on a two-core machine is taken from the servers under test.
 */
export class KeepAliveClient {
  private readonly agent: http.Agent

  constructor (maxSockets = 1) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets })
  }

  async getJson (url: string, headers: Record<string, string>): Promise<{ status: number, body: unknown }> {
    const { status, body } = await this.get(url, headers)
    return { status, body: JSON.parse(body.toString('utf8')) }
  }

  /**
   * A GET answered once its last byte is in, unparsed: what a latency measurement times. Parsing a 45 kB page took
   * this process about a millisecond of the two cores it shares with the service and PostgreSQL.
   */
  async get (url: string, headers: Record<string, string>): Promise<{ status: number, body: Buffer }> {
    return await this.exchange(url, { method: 'GET', headers })
  }

  async postJson (url: string, headers: Record<string, string>, body: string): Promise<{ status: number, body: unknown }> {
    return await this.send(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } }, body)
  }

  private async send (url: string, options: { method: string, headers: Record<string, string> }, body?: string): Promise<{ status: number, body: unknown }> {
    const { status, body: received } = await this.exchange(url, options, body)
    return { status, body: JSON.parse(received.toString('utf8')) }
  }

  private async exchange (url: string, options: { method: string, headers: Record<string, string> }, body?: string): Promise<{ status: number, body: Buffer }> {
    return await new Promise((resolve, reject) => {
      const request = http.request(url, { ...options, agent: this.agent }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => { resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }) })
        res.on('error', reject)
      })
      request.on('error', reject)
      request.end(body)
    })
  }

  close (): void {
    this.agent.destroy()
  }
}
