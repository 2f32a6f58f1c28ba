import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { chechenRedNotice } from '../helpers/bodies.ts'
import { freePort, httpStatus, runCommand, startProcess, waitFor } from '../helpers/process.ts'

const START = ['node', '--import', 'tsx', 'src/server.ts']
const ADMIN = ['node', '--import', 'tsx', 'src/scripts/admin.ts']

describe('embedded mode: the first start, data across restarts, and the admin command line', () => {
  it('creates one admin key on the first start only, and the command line waits for the server to stop', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'rnm-embedded-admin-'))
    const env = { DATA_DIR: dataDir, LOG_LEVEL: 'info' }
    const port = await freePort()
    const base = `http://127.0.0.1:${port}`
    const keyFile = path.join(dataDir, 'admin-key.json')
    const partners = async (apiKey: string) => {
      const res = await fetch(`${base}/v1/partners`, { headers: { authorization: `Bearer ${apiKey}` } })
      return { status: res.status, names: res.ok ? ((await res.json()) as { items: Array<{ name: string }> }).items.map((p) => p.name) : [] }
    }
    let server = startProcess(START, { ...env, PORT: String(port) })
    try {
      await waitFor(async () => await httpStatus(`${base}/health/ready`) === 200, 30_000, 'first start')
      expect((await fs.stat(keyFile)).mode & 0o777).toBe(0o600)
      const stored = await fs.readFile(keyFile, 'utf8')
      const { apiKey } = JSON.parse(stored) as { partnerId: string, apiKeyId: string, apiKey: string }
      // stdout is not a terminal here: only the file's path is logged, never the key.
      expect(server.output()).toContain(keyFile)
      expect(server.output()).not.toContain(apiKey)
      expect(await partners(apiKey)).toEqual({ status: 200, names: ['Local administrator'] })

      // Data written now must survive the restart below (and the key rotation between them).
      const call = async (method: string, url: string, key: string, body?: unknown) => {
        const res = await fetch(`${base}${url}`, { method, headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) })
        return { status: res.status, json: await res.json() as Record<string, unknown> }
      }
      const ngo = await call('POST', '/v1/partners', apiKey, { name: 'Embedded NGO' })
      const reporterKey = (await call('POST', `/v1/partners/${String(ngo.json.id)}/api-keys`, apiKey, { role: 'reporter' })).json.apiKey as string
      const report = await call('POST', '/v1/red-notices', reporterKey, chechenRedNotice({ fullName: 'Persisted Person' }))
      expect(report.status).toBe(201)

      const refused = await runCommand([...ADMIN, 'list-partners'], env)
      expect(refused).toEqual({
        code: 3,
        stdout: '',
        stderr: `the server is running on ${dataDir} (pid ${server.child.pid}); stop it first: PGlite has a single writer\n`
      })

      expect((await server.stop()).code, server.output()).toBe(0)
      await expect(fs.stat(path.join(dataDir, 'server.pid'))).rejects.toThrow(/ENOENT/)

      // Stopped: the command line may use the folder, e.g. to rotate the encryption key (and the API-key pepper stays).
      const rotated = await runCommand([...ADMIN, 'rotate-keys', '--new-key', '--rewrap'], env)
      expect(rotated.code, rotated.stderr).toBe(0)
      expect(JSON.parse(rotated.stdout)).toMatchObject({ rewrapped: 1, remaining: 0 })

      server = startProcess(START, { ...env, PORT: String(port) })
      await waitFor(async () => await httpStatus(`${base}/health/ready`) === 200, 30_000, 'second start')
      expect(server.output()).not.toContain('first start')
      expect(await fs.readFile(keyFile, 'utf8')).toBe(stored)
      const after = await partners(apiKey)
      expect({ ...after, names: after.names.sort() }).toEqual({ status: 200, names: ['Embedded NGO', 'Local administrator'] })
      const reread = await call('GET', `/v1/red-notices/${String(report.json.id)}`, reporterKey)
      expect(reread.status).toBe(200)
      expect((reread.json.subject as { fullName: string }).fullName).toBe('Persisted Person')
      expect((await server.stop()).code, server.output()).toBe(0)
    } finally {
      server.child.kill('SIGKILL')
      await fs.rm(dataDir, { recursive: true, force: true })
    }
  }, 60_000)
})
