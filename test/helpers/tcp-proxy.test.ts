import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTcpProxy, type TcpProxy } from './tcp-proxy.ts'

describe('the tests\' TCP proxy', () => {
  let upstream: net.Server
  let proxy: TcpProxy
  beforeAll(async () => {
    upstream = net.createServer((socket) => socket.end('hello'))
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve))
    proxy = await startTcpProxy({ target: { host: '127.0.0.1', port: (upstream.address() as net.AddressInfo).port } })
  })
  afterAll(async () => {
    await proxy.close()
    await new Promise<void>((resolve) => upstream.close(() => resolve()))
  })

  it('keeps the database number, credentials and query of the URL it stands in for', () => {
    const url = new URL(proxy.url('redis://user:secret@10.1.2.3:6380/5?family=4'))
    expect(url.hostname).toBe('127.0.0.1')
    expect(url.port).not.toBe('6380')
    expect([url.protocol, url.username, url.password, url.pathname, url.search]).toEqual(['redis:', 'user', 'secret', '/5', '?family=4'])
  })

  it('forwards to the target on the port its URL names', async () => {
    const { port } = new URL(proxy.url('redis://127.0.0.1:6379/3'))
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1')
      let data = ''
      socket.on('data', (chunk) => { data += chunk.toString() })
      socket.on('end', () => resolve(data))
      socket.on('error', reject)
    })
    expect(reply).toBe('hello')
  })
})
