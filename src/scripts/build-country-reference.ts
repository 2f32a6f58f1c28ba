// Regenerates src/domain/country-reference.data.json from the Freedom House CSV and the treaty tables,
// both in ./country-reference/. Run from the repository root:
//   npx tsx src/scripts/build-country-reference.ts [--csv <path>] [--check]
// --check exits 1 if the committed JSON differs from what the inputs produce (for CI).
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { buildCountryReference, parseFreedomHouseCsv } from './country-reference/build.ts'

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const { values } = parseArgs({
  options: {
    csv: { type: 'string', default: resolve(repoRoot, 'src/scripts/country-reference/freedom-house-fiw2023.csv') },
    check: { type: 'boolean', default: false }
  }
})
const csvPath = resolve(values.csv)
const outPath = resolve(repoRoot, 'src/domain/country-reference.data.json')

if (!existsSync(csvPath)) {
  console.error(`Freedom House CSV not found at ${csvPath}; pass --csv <path>.`)
  process.exit(2)
}

const { countries, skipped } = buildCountryReference(parseFreedomHouseCsv(readFileSync(csvPath, 'utf8')))
const json = JSON.stringify(countries, null, 2) + '\n'

if (values.check) {
  const current = existsSync(outPath) ? readFileSync(outPath, 'utf8') : ''
  if (current !== json) {
    console.error(`${outPath} is stale: run npx tsx src/scripts/build-country-reference.ts`)
    process.exit(1)
  }
  console.log('country reference data is up to date')
} else {
  writeFileSync(outPath, json)
  console.log(`wrote ${countries.length} countries to ${outPath}`)
}
console.log(`skipped ${skipped.length} territories without an ISO 3166-1 code: ${skipped.join(', ')}`)
