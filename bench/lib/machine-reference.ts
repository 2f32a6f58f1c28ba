import { createHmac } from 'node:crypto'
import pg from 'pg'
import { percentiles } from './latency.ts'

/**
 * How fast this machine is at the moment, as two fixed workloads timed in the run itself: Node's (HMAC-SHA256 and
 * parsing and writing a report's facts, what a page's own work in the service is made of) in this process, and
 * PostgreSQL's (a fixed aggregate over generated rows) on the benchmark's database. Machines of the same kind differ:
 * the same code met every target of issue 18 on one and missed most on another (bench/RESULTS.md, session 16), so a
 * run's latencies compare with another machine's only beside these figures. Each is the median of `rounds` timings
 * (five by default; one for a quick reading between a run's steps), lower is faster.
 */
export interface MachineReference { nodeMs: number, postgresMs: number }

const FACTS = JSON.stringify({
  events: [{ date: '2018-09-07', type: 'extradition_requested', country: 'RS' }, { date: '2018-12-09', type: 'conviction_in_absentia', country: 'RU' }],
  charges: [{ category: 'armed_group', allegedOffenceDate: '2017-03-15' }],
  sources: [{ date: '2018-11-14', kind: 'court_document' }, { date: '2018-09-25', kind: 'ngo_report' }],
  subject: { asylum: { since: '2020-01-15', status: 'rejected', country: 'RS' }, gender: 'male', profiles: ['ethnic_minority'], nationalities: ['RU'] },
  issuedOn: '2017-09-30',
  mechanism: 'red_notice',
  requestingCountry: 'RU'
})
const NODE_ROUNDS = 20_000
const POSTGRES_STATEMENT = 'select sum(hashint4(g)) from generate_series(1, 400000) g'

const median = (xs: number[]): number => percentiles(xs).p50

function nodeWorkload (): number {
  const started = performance.now()
  let length = 0
  for (let i = 0; i < NODE_ROUNDS; i++) {
    length += createHmac('sha256', 'machine-reference').update(`report-${i}`).digest('base64url').length
    length += JSON.stringify(JSON.parse(FACTS)).length
  }
  if (length === 0) throw new Error('unreachable: keeps the work from being optimised away')
  return performance.now() - started
}

async function postgresWorkload (client: pg.Client, rounds: number): Promise<number> {
  const timed = async (text: string): Promise<number> => {
    const started = performance.now()
    await client.query(text)
    return performance.now() - started
  }
  // The statement's time less a round trip's, so the figure is PostgreSQL's work, not the connection's.
  const roundTrips: number[] = []
  const runs: number[] = []
  for (let i = 0; i < rounds; i++) {
    roundTrips.push(await timed('select 1'))
    runs.push(await timed(POSTGRES_STATEMENT))
  }
  return Math.max(0, median(runs) - median(roundTrips))
}

export async function machineReference (databaseUrl: string, rounds = 5): Promise<MachineReference> {
  const nodeRuns: number[] = []
  nodeWorkload() // compiles the loop before it is timed
  for (let i = 0; i < rounds; i++) nodeRuns.push(nodeWorkload())
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    await client.query(POSTGRES_STATEMENT)
    return { nodeMs: median(nodeRuns), postgresMs: await postgresWorkload(client, rounds) }
  } finally {
    await client.end()
  }
}

export const formatReference = (reference: MachineReference): string =>
  `Node ${reference.nodeMs.toFixed(0)} ms, PostgreSQL ${reference.postgresMs.toFixed(0)} ms`

/** The range of several readings, as `Node a–b ms, PostgreSQL c–d ms`. */
export function formatReferenceRange (readings: readonly MachineReference[]): string {
  const range = (values: number[]): string => `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}`
  return `Node ${range(readings.map((r) => r.nodeMs))} ms, PostgreSQL ${range(readings.map((r) => r.postgresMs))} ms`
}
