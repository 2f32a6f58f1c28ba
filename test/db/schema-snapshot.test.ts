import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO_ROOT, runCommand } from '../helpers/process.ts'

/**
 * The migrations' last snapshot (migrations/meta) describes src/db/schema.ts: `npm run db:generate` after a schema
 * change then writes that change alone. A migration written by hand without its snapshot (0024 added a column and an
 * index that no snapshot held for eighteen migrations) made every later generation repeat it.
 */
describe('drizzle-kit snapshot', () => {
  let copy: string

  beforeAll(async () => {
    copy = await fs.mkdtemp(path.join(os.tmpdir(), 'rnm-snapshot-'))
    await fs.cp(path.join(REPO_ROOT, 'migrations'), copy, { recursive: true })
  })

  afterAll(async () => {
    await fs.rm(copy, { recursive: true, force: true })
  })

  it('matches the schema: generating from it finds nothing to migrate', async () => {
    const before = (await fs.readdir(copy)).sort()
    const { stdout, stderr, code } = await runCommand(['node_modules/.bin/drizzle-kit', 'generate', '--dialect', 'postgresql', '--schema', './src/db/schema.ts', '--out', path.relative(REPO_ROOT, copy), '--casing', 'snake_case'], {})
    // drizzle-kit exits 0 even when it fails (and reads --out relative to the working directory): its words decide.
    expect(code, stderr).toBe(0)
    expect((await fs.readdir(copy)).sort()).toEqual(before)
    expect(stdout, stderr).toContain('No schema changes')
  }, 90_000)
})
