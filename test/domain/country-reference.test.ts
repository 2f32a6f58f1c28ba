import { describe, expect, it } from 'vitest'
import { COUNTRY_REFERENCE, defaultCountryContext, FREEDOM_STATUSES } from '../../src/domain/index.ts'
import { buildCountryReference, parseCsvLine, parseFreedomHouseCsv } from '../../src/scripts/country-reference/build.ts'

describe('default country reference data', () => {
  it('has one valid entry per ISO code', () => {
    expect(COUNTRY_REFERENCE.length).toBe(196)
    expect(new Set(COUNTRY_REFERENCE.map(c => c.code)).size).toBe(COUNTRY_REFERENCE.length)
    for (const c of COUNTRY_REFERENCE) {
      expect(c.code).toMatch(/^[A-Z]{2}$/)
      expect(FREEDOM_STATUSES).toContain(c.freedomStatus)
      expect(c.freedomScore).toBeGreaterThanOrEqual(0)
      expect(c.freedomScore).toBeLessThanOrEqual(100)
      expect(c.freedomYear).toBe(2022)
      expect(c.freedomEdition).toBe(2023)
      expect(typeof c.echrParty).toBe('boolean')
      expect([true, false, null]).toContain(c.catParty)
      expect([true, false, null]).toContain(c.opcatParty)
      expect(typeof c.abuseRecord).toBe('boolean')
      expect(c.sources.length).toBeGreaterThan(0)
      // OPCAT presupposes CAT.
      if (c.catParty === false) expect(c.opcatParty).toBe(false)
    }
  })

  it('lists exactly the 46 Council of Europe members as ECHR parties', () => {
    expect(COUNTRY_REFERENCE.filter(c => c.echrParty)).toHaveLength(46)
  })

  it('records Russia as domain.md describes it', () => {
    const ru = defaultCountryContext('ru')
    expect(ru).toMatchObject({ echrParty: false, echrLeftOn: '2022-09-16', catParty: true, opcatParty: false })
    expect(ru).toMatchObject({ freedomScore: 16, freedomStatus: 'NF', systematicTorture: true, abuseRecord: true })
    expect(ru?.interpolRestrictions).toMatch(/10 March 2022/)
    expect(ru?.sources.some(s => s.url?.includes('diplomatie.gouv.fr') === true)).toBe(true)
    expect(ru?.sources.some(s => s.citation.includes('16 Sep 2022'))).toBe(true)
  })

  it('takes CAT/OPCAT from the domain.md table with its verification marks', () => {
    expect(defaultCountryContext('IR')).toMatchObject({ catParty: false, opcatParty: false })
    expect(defaultCountryContext('IN')).toMatchObject({ catParty: false })
    expect(defaultCountryContext('AZ')?.notes.join(' ')).toMatch(/✓ confirmed/)
    expect(defaultCountryContext('TR')?.sources.some(s => s.unverified === true)).toBe(true)
    expect(defaultCountryContext('BY')).toMatchObject({ echrParty: false, catParty: true, abuseRecord: true })
  })

  it('flags the NCBs named in domain.md §3 indicator 9, and only those', () => {
    const flagged = COUNTRY_REFERENCE.filter(c => c.abuseRecord).map(c => c.code).sort()
    expect(flagged).toEqual(['BH', 'BY', 'CN', 'EG', 'ID', 'IR', 'LK', 'RU', 'TJ', 'TR', 'VE'])
  })

  it('marks everything outside domain.md as unverified and leaves unknowns null', () => {
    const de = defaultCountryContext('DE')
    expect(de).toMatchObject({ echrParty: true, catParty: true, opcatParty: true, systematicTorture: null })
    expect(de?.sources.filter(s => !s.citation.startsWith('Freedom House')).every(s => s.unverified === true)).toBe(true)
  })

  it('is frozen', () => {
    expect(Object.isFrozen(COUNTRY_REFERENCE[0])).toBe(true)
  })
})

describe('country reference builder', () => {
  it('parses quoted CSV fields', () => {
    expect(parseCsvLine('"Congo, Rep.",Africa,"say ""hi""",NF')).toEqual(['Congo, Rep.', 'Africa', 'say "hi"', 'NF'])
  })

  it('refuses a Freedom House name without an ISO decision, and skips territories', () => {
    const csv = 'country,region,country_or_territory,status,total_score,fiw_edition,data_year\nAtlantis,Europe,c,F,90,2023,2022\n'
    expect(() => buildCountryReference(parseFreedomHouseCsv(csv))).toThrow(/Atlantis/)
  })
})
