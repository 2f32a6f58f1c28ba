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
    return await this.send(url, { method: 'GET', headers })
  }

  async postJson (url: string, headers: Record<string, string>, body: string): Promise<{ status: number, body: unknown }> {
    return await this.send(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } }, body)
  }

  private async send (url: string, options: { method: string, headers: Record<string, string> }, body?: string): Promise<{ status: number, body: unknown }> {
    return await new Promise((resolve, reject) => {
      const request = http.request(url, { ...options, agent: this.agent }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) })
          } catch (err) {
            reject(err)
          }
        })
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
