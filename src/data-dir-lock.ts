import fs from 'node:fs'
import path from 'node:path'
import { ownerOnlyFromNowOn, restrictToOwner } from './owner-only.ts'

/**
 * PGlite is one PostgreSQL backend inside one process: two processes opening the same data folder would
 * each believe they own it and corrupt it. So whoever opens DATA_DIR's database (the embedded server or the
 * admin command line) first creates DATA_DIR/server.pid exclusively, and everyone else refuses to start.
 * The file holds the pid and, on a second line, who holds it ("server" or "admin"), for the message.
 */
export const PID_FILE = 'server.pid'

export type LockHolder = 'server' | 'admin'

export class DataDirLockedError extends Error {
  constructor (readonly dataDir: string, readonly pid: number, readonly holder: LockHolder) {
    const who = holder === 'server' ? 'the server' : 'the admin command line'
    super(`${who} is running on ${dataDir} (pid ${pid}); stop it first: PGlite has a single writer`)
    this.name = 'DataDirLockedError'
  }
}

export interface DataDirLock {
  readonly file: string
  /** Removes the pid file if it is still ours. Idempotent, synchronous (also runs from an 'exit' handler). */
  release (): void
}

interface PidFile { pid: number, holder: LockHolder }

function readPidFile (file: string): PidFile | null {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
  const [pidLine = '', holderLine = ''] = text.split('\n')
  const pid = Number.parseInt(pidLine, 10)
  // An unreadable file (a crash between create and write) counts as stale: pid 0 is never alive here.
  return { pid: Number.isSafeInteger(pid) && pid > 0 ? pid : 0, holder: holderLine.trim() === 'admin' ? 'admin' : 'server' }
}

/** Whether a process with this pid exists. EPERM means it exists but belongs to another user. */
export function processAlive (pid: number): boolean {
  if (pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Takes DATA_DIR for this process, or throws DataDirLockedError naming the live holder. A pid file whose
 * process is gone (killed, crashed, machine rebooted) is replaced. A file naming our own pid is stale too:
 * in a container the server is pid 1 on every start, and a file left by the previous run would otherwise
 * lock it out of its own volume.
 */
export function acquireDataDirLock (dataDir: string, holder: LockHolder): DataDirLock {
  // Owner-only before anything is written, whatever mode an existing folder had (see owner-only.ts).
  ownerOnlyFromNowOn()
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  restrictToOwner(dataDir)
  const file = path.join(dataDir, PID_FILE)
  const content = `${process.pid}\n${holder}\n`
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, content, { flag: 'wx', mode: 0o600 })
      return ownLock(file)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    }
    const existing = readPidFile(file)
    if (existing === null) continue
    if (existing.pid !== process.pid && processAlive(existing.pid)) throw new DataDirLockedError(dataDir, existing.pid, existing.holder)
    // Stale: remove it and race for the exclusive create again; a process that wins meanwhile keeps it.
    fs.rmSync(file, { force: true })
  }
  const holderNow = readPidFile(file)
  throw new DataDirLockedError(dataDir, holderNow?.pid ?? 0, holderNow?.holder ?? 'server')
}

function ownLock (file: string): DataDirLock {
  let released = false
  const release = (): void => {
    if (released) return
    released = true
    process.removeListener('exit', release)
    // Never remove a file another process has taken over (ours was judged stale and replaced).
    if (readPidFile(file)?.pid === process.pid) fs.rmSync(file, { force: true })
  }
  // A crash that still runs 'exit' handlers leaves no file behind; SIGKILL does, and the next start replaces it.
  process.once('exit', release)
  return { file, release }
}
