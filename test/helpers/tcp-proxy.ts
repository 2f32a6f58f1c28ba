import net from 'node:net'

/**
 * A TCP proxy of the tests' own in front of a real server, to cut connections at a chosen moment, refuse
 * new ones for a while, or delay what flows: faults a stopped server cannot time precisely (a command in
 * flight) or cannot give at all (a server that answers, slowly).
 */
export interface TcpProxy {
  /**
   * `through` with its host and port replaced by the proxy's: scheme, credentials, path and query are kept,
   * so a Redis URL keeps its database number (`redis://host:6379/5`) and a PostgreSQL URL its database.
   */
  url (through: string): string
  /** Destroys every open connection, both sides. */
  cut (): void
  /** While true, the port is not listening: connecting fails with ECONNREFUSED, as to a stopped server. */
  refuse (on: boolean): Promise<void>
  /** Holds every chunk, both ways, this long before passing it on (0: at once); order is kept. */
  delay (ms: number): void
  close (): Promise<void>
}

export async function startTcpProxy (options: {
  target: { host: string, port: number }
  /** Sees each chunk a client sends before it is forwarded; may call cut() or refuse(). */
  onClientData?: (chunk: Buffer, proxy: TcpProxy) => void
}): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>()
  let delayMs = 0
  // A chunk never overtakes one held before it, also when the delay is shortened: that would reorder a stream.
  let lastDue = 0
  const forward = (to: net.Socket, chunk: Buffer): void => {
    const write = (): void => { if (!to.destroyed) to.write(chunk) }
    const due = Math.max(Date.now() + delayMs, lastDue)
    lastDue = due
    if (due > Date.now()) setTimeout(write, due - Date.now())
    else write()
  }
  const track = (socket: net.Socket): void => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
    socket.on('error', () => socket.destroy())
  }
  const server = net.createServer((client) => {
    track(client)
    const upstream = net.connect(options.target)
    track(upstream)
    client.pause()
    upstream.once('connect', () => client.resume())
    client.on('data', (chunk: Buffer) => {
      options.onClientData?.(chunk, proxy)
      if (!client.destroyed) forward(upstream, chunk)
    })
    upstream.on('data', (chunk: Buffer) => forward(client, chunk))
    client.once('close', () => upstream.destroy())
    upstream.once('close', () => client.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  let listening = true
  const proxy: TcpProxy = {
    url: (through) => {
      const url = new URL(through)
      url.hostname = '127.0.0.1'
      url.port = String(port)
      return url.toString()
    },
    cut: () => { for (const socket of sockets) socket.destroy() },
    delay: (ms) => { delayMs = ms },
    async refuse (on) {
      if (on === !listening) return
      listening = !on
      if (on) await new Promise<void>((resolve) => server.close(() => resolve()))
      else await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
    },
    async close () {
      proxy.cut()
      if (listening) await proxy.refuse(true)
    }
  }
  return proxy
}
