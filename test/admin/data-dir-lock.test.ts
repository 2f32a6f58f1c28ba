import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DataDirLockedError, PID_FILE, acquireDataDirLock, processAlive } from '../../src/data-dir-lock.ts'

describe('the embedded data folder lock (DATA_DIR/server.pid)', () => {
  let dataDir: string
  let file: string
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnm-lock-'))
    file = path.join(dataDir, PID_FILE)
  })
  afterEach(() => { fs.rmSync(dataDir, { recursive: true, force: true }) })

  /** The pid of a process that has certainly exited. */
  const deadPid = (): number => {
    const pid = spawnSync(process.execPath, ['-e', '']).pid
    expect(processAlive(pid)).toBe(false)
    return pid
  }

  it('creates an owner-only pid file naming this process and its role, and removes it on release', () => {
    const lock = acquireDataDirLock(dataDir, 'server')
    expect(fs.readFileSync(file, 'utf8')).toBe(`${process.pid}\nserver\n`)
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    lock.release()
    expect(fs.existsSync(file)).toBe(false)
    lock.release()
  })

  it('refuses while another live process holds the folder, naming it', () => {
    // The test runner's parent process is alive for the whole test.
    fs.writeFileSync(file, `${process.ppid}\nserver\n`)
    expect(() => acquireDataDirLock(dataDir, 'admin')).toThrow(DataDirLockedError)
    expect(() => acquireDataDirLock(dataDir, 'admin')).toThrow(`the server is running on ${dataDir} (pid ${process.ppid}); stop it first: PGlite has a single writer`)
    fs.writeFileSync(file, `${process.ppid}\nadmin\n`)
    expect(() => acquireDataDirLock(dataDir, 'server')).toThrow(`the admin command line is running on ${dataDir} (pid ${process.ppid})`)
    expect(fs.readFileSync(file, 'utf8')).toBe(`${process.ppid}\nadmin\n`)
  })

  it.each([
    ['a process that has exited', () => `${deadPid()}\nserver\n`],
    ['garbage', () => 'not a pid'],
    ['an empty file (a crash between create and write)', () => ''],
    // In a container the server is pid 1 at every start: a file left by the previous run names our own pid.
    ['this very pid', () => `${process.pid}\nserver\n`]
  ])('replaces a stale pid file holding %s', (_what, content) => {
    fs.writeFileSync(file, content())
    const lock = acquireDataDirLock(dataDir, 'admin')
    expect(fs.readFileSync(file, 'utf8')).toBe(`${process.pid}\nadmin\n`)
    lock.release()
  })

  it('does not remove a pid file that another process has taken over', () => {
    const lock = acquireDataDirLock(dataDir, 'server')
    fs.writeFileSync(file, `${process.ppid}\nserver\n`)
    lock.release()
    expect(fs.readFileSync(file, 'utf8')).toBe(`${process.ppid}\nserver\n`)
  })

  it('creates the data folder when it does not exist yet', () => {
    const nested = path.join(dataDir, 'a', 'b')
    const lock = acquireDataDirLock(nested, 'server')
    expect(fs.existsSync(path.join(nested, PID_FILE))).toBe(true)
    lock.release()
  })
})
