import { readdirSync, readFileSync } from 'node:fs'
import os from 'node:os'

/**
 * Where a run's CPU went, per request: the server under test, PostgreSQL (every postgres process: backends,
 * WAL writer, checkpointer), Redis, this process (the load generator) and the rest of the machine. Read from
 * Linux's /proc over the measured run only. On a machine whose cores the load saturates, req/s is roughly
 * cores ÷ CPU per request, so this says why one target serves fewer requests than another, and which part
 * costs what; elsewhere (no /proc) nothing is measured and nothing printed.
 */
export interface CpuPerRequest {
  server: number
  postgres: number
  redis: number
  loadGenerator: number
  /** Busy time of the machine not in the processes above (kernel threads, other processes). */
  other: number
  total: number
  /** Share of all cores busy during the run, 0–1. */
  machineBusy: number
}

interface Snapshot { server: number, postgres: number, redis: number, loadGenerator: number, machineBusy: number, machineTotal: number }

// USER_HZ: the unit of /proc's CPU times, 100 on every Linux architecture Node runs on.
const TICK_MS = 10

interface ProcessTicks { pid: number, ppid: number, comm: string, ticks: number, reapedChildrenTicks: number }

function processTicks (pid: string): ProcessTicks | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name is in parentheses and may itself hold spaces or parentheses: split after the last one.
    const close = stat.lastIndexOf(')')
    const fields = stat.slice(close + 2).split(' ').map(Number)
    // stat(5) fields 4 (ppid), 14–15 (utime, stime) and 16–17 (cutime, cstime: children it has reaped), counted after the name.
    return { pid: Number(pid), ppid: fields[1]!, comm: stat.slice(stat.indexOf('(') + 1, close), ticks: fields[11]! + fields[12]!, reapedChildrenTicks: fields[13]! + fields[14]! }
  } catch {
    return null // the process ended between the directory listing and the read
  }
}

/** CPU time (ms) a live process has used so far. */
export function processCpuMs (pid: number): number {
  const found = processTicks(String(pid))
  if (found === null) throw new Error(`no process ${pid}`)
  return found.ticks * TICK_MS
}

function machineTicks (): { busy: number, total: number } {
  const [cpu] = readFileSync('/proc/stat', 'utf8').split('\n')
  const [user, nice, system, idle, iowait, irq, softirq, steal] = cpu!.trim().split(/\s+/).slice(1).map(Number) as number[]
  const busy = user! + nice! + system! + irq! + softirq! + steal!
  return { busy, total: busy + idle! + iowait! }
}

function snapshot (serverPid: number): Snapshot {
  const processes = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(processTicks).filter((p): p is ProcessTicks => p !== null)
  const postgresPids = new Set(processes.filter((p) => p.comm === 'postgres').map((p) => p.pid))
  let server = 0
  let postgres = 0
  let redis = 0
  for (const p of processes) {
    if (p.pid === serverPid) server += p.ticks
    else if (p.comm.startsWith('redis-server')) redis += p.ticks
    else if (postgresPids.has(p.pid)) {
      // The postmaster also counts the backends that ended (a pool closing idle connections): without them the
      // sum would drop when one exits mid-run.
      postgres += p.ticks + (postgresPids.has(p.ppid) ? 0 : p.reapedChildrenTicks)
    }
  }
  const own = process.cpuUsage()
  const machine = machineTicks()
  return { server: server * TICK_MS, postgres: postgres * TICK_MS, redis: redis * TICK_MS, loadGenerator: (own.user + own.system) / 1000, machineBusy: machine.busy * TICK_MS, machineTotal: machine.total * TICK_MS }
}

/**
 * Starts measuring; the function returned ends the measurement and divides by the requests answered. Null
 * where there is no /proc to read (or no server process id).
 */
export function measureCpu (serverPid: number | undefined): ((requests: number) => CpuPerRequest) | null {
  if (serverPid === undefined || os.platform() !== 'linux') return null
  let before: Snapshot
  try {
    before = snapshot(serverPid)
  } catch {
    return null
  }
  return (requests) => {
    const after = snapshot(serverPid)
    const per = (key: keyof Snapshot): number => (after[key] - before[key]) / Math.max(1, requests)
    const parts = { server: per('server'), postgres: per('postgres'), redis: per('redis'), loadGenerator: per('loadGenerator') }
    const total = per('machineBusy')
    const accounted = parts.server + parts.postgres + parts.redis + parts.loadGenerator
    const elapsed = after.machineTotal - before.machineTotal
    return { ...parts, other: Math.max(0, total - accounted), total: Math.max(total, accounted), machineBusy: elapsed > 0 ? (after.machineBusy - before.machineBusy) / elapsed : 0 }
  }
}
