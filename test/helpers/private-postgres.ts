import { execFile } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { freePort } from './process.ts'

const run = promisify(execFile)

/** The newest installed server version's binaries (Debian layout), for a cluster of the test's own. */
async function binDir (): Promise<string> {
  const versions = (await fs.readdir('/usr/lib/postgresql')).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a))
  if (versions[0] === undefined) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql')
  return `/usr/lib/postgresql/${versions[0]}/bin`
}

export interface PrivatePostgres {
  url: string
  start (): Promise<void>
  /** Fast shutdown: open connections are cut, as in an operator's restart or a failover. */
  stop (): Promise<void>
  destroy (): Promise<void>
}

/**
 * A PostgreSQL server on a free port with its own data folder, for tests that stop or break the server.
 * The shared server on 5432 is never touched. PostgreSQL refuses to run as root, so as root it runs as `postgres`.
 */
export async function startPrivatePostgres (): Promise<PrivatePostgres> {
  const bin = await binDir()
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rnm-pg-'))
  const data = path.join(dir, 'data')
  const port = await freePort()
  const asRoot = process.getuid?.() === 0
  if (asRoot) await run('chown', ['-R', 'postgres:postgres', dir])
  const exec = async (file: string, args: string[]) => asRoot ? await run('runuser', ['-u', 'postgres', '--', file, ...args]) : await run(file, args)
  await exec(`${bin}/initdb`, ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8'])
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`
  const server: PrivatePostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start: async () => { await exec(`${bin}/pg_ctl`, ['-D', data, '-o', options, '-l', path.join(dir, 'log'), '-w', 'start']) },
    stop: async () => { await exec(`${bin}/pg_ctl`, ['-D', data, '-m', 'fast', '-w', 'stop']) },
    destroy: async () => {
      await server.stop().catch(() => {})
      await fs.rm(dir, { recursive: true, force: true })
    }
  }
  await server.start()
  return server
}
