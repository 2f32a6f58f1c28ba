import fs from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** Where one benchmark leaves figures for a later one of the same `npm run bench` (git-ignored). */
const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../.tmp/bench')

/** What bench:ingest measured, for bench:scoring's "does scoring keep up with ingest" line. */
export interface IngestHandoff {
  at: string
  /** The service's req/s at each connection count. */
  reqPerSec: Record<string, number>
  /** Scoring jobs the service enqueued per report it stored (a report's own job, and its linked reports'). */
  jobsPerFiling: number
}

export async function saveIngest (figures: Omit<IngestHandoff, 'at'>): Promise<void> {
  await fs.mkdir(DIR, { recursive: true })
  await fs.writeFile(path.join(DIR, 'ingest.json'), JSON.stringify({ at: new Date().toISOString(), ...figures }, null, 2))
}

/** bench:ingest's figures when they are at most maxAgeMs old, else null. */
export async function loadIngest (maxAgeMs: number): Promise<IngestHandoff | null> {
  try {
    const figures = JSON.parse(await fs.readFile(path.join(DIR, 'ingest.json'), 'utf8')) as IngestHandoff
    return Date.now() - Date.parse(figures.at) <= maxAgeMs ? figures : null
  } catch {
    return null
  }
}
