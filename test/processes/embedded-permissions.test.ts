/**
 * Embedded mode's data folder is owner-only (0700 folders, 0600 files) whatever mode an existing DATA_DIR had:
 * it holds the PGlite database (encrypted identities, blind indexes, API-key hashes) and keys.json.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { restrictToOwner } from '../../src/owner-only.ts'
import { freePort, httpStatus, startProcess, waitFor } from '../helpers/process.ts'

const START = ['node', '--import', 'tsx', 'src/server.ts']

/** Every entry under root whose mode is not 0700 (folder) or 0600 (file), with its mode. */
function notOwnerOnly (root: string): string[] {
  const found: string[] = []
  const visit = (entry: string): void => {
    const stat = fs.lstatSync(entry)
    const mode = stat.mode & 0o777
    if (mode !== (stat.isDirectory() ? 0o700 : 0o600)) found.push(`${mode.toString(8)} ${path.relative(root, entry) || '.'}`)
    if (stat.isDirectory()) for (const name of fs.readdirSync(entry)) visit(path.join(entry, name))
  }
  visit(root)
  return found
}

const folders: string[] = []
afterEach(() => { for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true }) })

describe('embedded data files are owner-only', () => {
  it('restrictToOwner repairs a tree of 0755 folders and 0666 files, and leaves symbolic links alone', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rnm-owner-only-'))
    folders.push(root)
    const outside = path.join(root, '..', `${path.basename(root)}-outside`)
    fs.writeFileSync(outside, 'not ours', { mode: 0o644 })
    folders.push(outside)
    fs.chmodSync(root, 0o755)
    fs.mkdirSync(path.join(root, 'a', 'b'), { recursive: true, mode: 0o777 })
    fs.writeFileSync(path.join(root, 'a', 'b', 'file'), 'x')
    fs.chmodSync(path.join(root, 'a', 'b', 'file'), 0o666)
    fs.symlinkSync(outside, path.join(root, 'link'))
    expect(restrictToOwner(root)).toBeGreaterThanOrEqual(4)
    expect(notOwnerOnly(root).filter((entry) => !entry.endsWith(' link'))).toEqual([])
    expect(fs.statSync(outside).mode & 0o777).toBe(0o644)
    expect(restrictToOwner(root)).toBe(0)
  })

  it('npm start in an existing 0755 DATA_DIR leaves every folder 0700 and every file 0600, on first start and after', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnm-embedded-modes-'))
    folders.push(dataDir)
    fs.chmodSync(dataDir, 0o755)
    for (let run = 0; run < 2; run++) {
      if (run === 1) {
        // As an operator's careless copy or restore would leave it.
        fs.chmodSync(dataDir, 0o755)
        fs.chmodSync(path.join(dataDir, 'keys.json'), 0o644)
        fs.chmodSync(path.join(dataDir, 'pglite', 'PG_VERSION'), 0o666)
      }
      const port = await freePort()
      const server = startProcess(START, { DATA_DIR: dataDir, PORT: String(port) })
      try {
        await waitFor(async () => await httpStatus(`http://127.0.0.1:${port}/health/ready`) === 200, 120_000, 'embedded ready')
        // While it runs: the files PGlite unpacked and those it wrote since.
        expect(notOwnerOnly(dataDir), `run ${run}`).toEqual([])
        const { code } = await server.stop()
        expect(code, server.output()).toBe(0)
      } finally {
        server.child.kill('SIGKILL')
      }
      expect(notOwnerOnly(dataDir), `run ${run}, after exit`).toEqual([])
    }
    expect(fs.existsSync(path.join(dataDir, 'pglite', 'PG_VERSION'))).toBe(true)
    expect(fs.existsSync(path.join(dataDir, 'keys.json'))).toBe(true)
  }, 300_000)
})
