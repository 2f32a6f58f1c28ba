import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { freePort, httpStatus, startProcess, waitFor } from '../helpers/process.ts'

const START = ['node', '--import', 'tsx', 'src/server.ts']

describe('npm start with no configuration (embedded mode)', () => {
  it('serves /health/ready within 20 s on PGlite with the in-process queue, and stops with exit 0', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'rnm-embedded-'))
    const port = await freePort()
    const server = startProcess(START, { DATA_DIR: dataDir, PORT: String(port) })
    try {
      const ms = await waitFor(async () => await httpStatus(`http://127.0.0.1:${port}/health/ready`) === 200, 20_000, 'embedded ready')
      expect(ms).toBeLessThan(20_000)
      expect(server.output()).toContain('embedded mode: embedded PGlite in')
      const { code } = await server.stop()
      expect(code, server.output()).toBe(0)
    } finally {
      server.child.kill('SIGKILL')
      await fs.rm(dataDir, { recursive: true, force: true })
    }
  }, 60_000)

  it('exits non-zero with one line naming PORT when PORT=abc', async () => {
    const server = startProcess(START, { PORT: 'abc' })
    const { code } = await server.exited
    expect(code).not.toBe(0)
    const lines = server.output().trim().split('\n')
    expect(lines).toEqual(['Configuration error: PORT: must be integer'])
  }, 30_000)

  it('exits with one line naming ENCRYPTION_KEYS when the keys are unusable, printing no key material', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'rnm-badkeys-'))
    try {
      const server = startProcess(START, { DATA_DIR: dataDir, ENCRYPTION_KEYS: 'k1:c2VjcmV0LWJ1dC1zaG9ydA==', BLIND_INDEX_KEY: 'x', API_KEY_PEPPER: 'y' })
      const { code } = await server.exited
      expect(code).toBe(2)
      const lines = server.output().trim().split('\n')
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatch(/^Configuration error: ENCRYPTION_KEYS: /)
      expect(lines[0]).not.toContain('c2VjcmV0')
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true })
    }
  }, 30_000)
})
