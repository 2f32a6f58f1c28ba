import http from 'node:http'

/**
 * A lean HTTP client for sequential latency measurements: node:http on one kept-alive socket. fetch (undici
 * behind WHATWG streams) adds its own fraction of a millisecond to every request on Node 20, which a
 * benchmark of a 10 ms target would count against the service.
 */
export class KeepAliveClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 })

  async getJson (url: string, headers: Record<string, string>): Promise<{ status: number, body: unknown }> {
    return await new Promise((resolve, reject) => {
      const request = http.get(url, { agent: this.agent, headers }, (res) => {
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
    })
  }

  close (): void {
    this.agent.destroy()
  }
}
