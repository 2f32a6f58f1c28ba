import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildCountryReference, parseFreedomHouseCsv } from '../../src/scripts/country-reference/build.ts'
import { REPO_ROOT } from '../helpers/process.ts'

describe('country reference build inputs', () => {
  it('the committed country data is what the Freedom House CSV and treaty tables in the repository produce', () => {
    const csv = readFileSync(join(REPO_ROOT, 'src/scripts/country-reference/freedom-house-fiw2023.csv'), 'utf8')
    const committed: unknown = JSON.parse(readFileSync(join(REPO_ROOT, 'src/domain/country-reference.data.json'), 'utf8'))
    const { countries, skipped } = buildCountryReference(parseFreedomHouseCsv(csv))
    expect(skipped).toContain('Crimea')
    expect(JSON.parse(JSON.stringify(countries))).toEqual(committed)
  })
})
