/**
 * `npm run bench`: every bench/*.ts in turn (alphabetical), except this runner; helpers live in bench/lib/.
 * A new benchmark file is picked up without touching this list. Arguments are passed to each benchmark.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url))
const SELF = path.basename(fileURLToPath(import.meta.url))
// A benchmark is bounded by its own options; this is the backstop for one that hangs.
const PER_BENCH_TIMEOUT_MS = 5 * 60_000

const files = (await fs.readdir(BENCH_DIR, { withFileTypes: true }))
  .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && entry.name !== SELF)
  .map((entry) => entry.name)
  .sort()

const failed: string[] = []
for (const file of files) {
  console.log(`\n=== bench/${file} ===`)
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(BENCH_DIR, file), ...process.argv.slice(2)], { stdio: 'inherit' })
    const timer = setTimeout(() => child.kill('SIGINT'), PER_BENCH_TIMEOUT_MS)
    child.once('exit', (exitCode) => { clearTimeout(timer); resolve(exitCode) })
  })
  if (code !== 0) failed.push(`${file} (exit ${code})`)
}
if (failed.length > 0) {
  console.error(`\nfailed: ${failed.join(', ')}`)
  process.exitCode = 1
}
