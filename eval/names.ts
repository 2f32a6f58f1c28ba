// `npm run evaluate:names [-- --errors]`: recall and precision of subject matching on
// eval/name-pairs.json, by kind of pair. Prints synthetic names only (no real people).

import { generateRootKeyString, parseRootKey } from '../src/crypto/index.ts'
import { printColumns } from '../bench/lib/report.ts'
import { evaluateNamePairs, loadNamePairs, PRECISION_TARGET, RECALL_TARGET } from './name-matching.ts'

const pairs = loadNamePairs()
// Any key gives the same decisions (HMAC-SHA256 truncated to 128 bits does not collide in practice).
const result = evaluateNamePairs(parseRootKey(generateRootKeyString(), 'BLIND_INDEX_KEY'), pairs)
const pct = (n: number): string => `${(100 * n).toFixed(2)} %`

const rows = [...result.byKind].sort(([a], [b]) => a.localeCompare(b)).map(([kind, c]) => {
  const truePairs = c.truePositives + c.falseNegatives
  return truePairs > 0
    ? [kind, 'true', String(truePairs), String(c.truePositives), pct(c.truePositives / truePairs)]
    : [kind, 'false', String(c.falsePositives + c.trueNegatives), String(c.falsePositives), pct(c.trueNegatives / (c.falsePositives + c.trueNegatives))]
})
console.log(`Name-pair evaluation: ${pairs.length} pairs (eval/name-pairs.json)\n`)
printColumns(['kind', 'pairs are', 'pairs', 'linked', 'correct'], rows)
console.log('')
console.log(`true pairs ${result.truePositives + result.falseNegatives}, linked ${result.truePositives}: recall ${pct(result.recall)} (target ≥ ${pct(RECALL_TARGET)})`)
console.log(`false pairs ${result.falsePositives + result.trueNegatives}, linked ${result.falsePositives}: precision ${pct(result.precision)} (target ≥ ${pct(PRECISION_TARGET)})`)

if (process.argv.includes('--errors')) {
  console.log('\nErrors:')
  for (const { pair } of result.errors) {
    const show = (p: typeof pair.a): string => `${p.fullName}${p.aliases ? ` [${p.aliases.join(', ')}]` : ''} (${p.dateOfBirth ?? '-'})`
    console.log(`  ${pair.same ? 'missed' : 'false link'}  ${pair.kind}: ${show(pair.a)}  ~  ${show(pair.b)}`)
  }
}
if (result.recall < RECALL_TARGET || result.precision < PRECISION_TARGET) process.exitCode = 1
