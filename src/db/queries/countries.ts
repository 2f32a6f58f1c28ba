import { asc, eq } from 'drizzle-orm'
import type { CountryContext } from '../../domain/index.ts'
import type { Transaction } from '../context.ts'
import { countries } from '../schema.ts'

export type CountryRow = typeof countries.$inferSelect
/** Everything an admin sets with PUT: the whole context except the code, which is the resource's name. */
export type CountryValues = Omit<CountryContext, 'code'>

export function toCountryContext (row: CountryRow): CountryContext {
  return {
    code: row.code,
    name: row.name,
    echrParty: row.echrParty,
    echrLeftOn: row.echrLeftOn,
    catParty: row.catParty,
    opcatParty: row.opcatParty,
    freedomScore: row.freedomScore,
    freedomStatus: row.freedomStatus,
    freedomYear: row.freedomYear,
    freedomEdition: row.freedomEdition,
    interpolRestrictions: row.interpolRestrictions,
    systematicTorture: row.systematicTorture,
    abuseRecord: row.abuseRecord,
    notes: row.notes,
    sources: row.sources
  }
}

export async function listCountries (tx: Transaction): Promise<CountryRow[]> {
  return await tx.select().from(countries).orderBy(asc(countries.code))
}

export async function findCountry (tx: Transaction, code: string): Promise<CountryRow | null> {
  const [row] = await tx.select().from(countries).where(eq(countries.code, code))
  return row ?? null
}

/**
 * Full replacement of one country. Returns the stored row and the previous one (null when created), read
 * under a row lock so two admins' concurrent PUTs each see the other's result as "before".
 */
export async function replaceCountry (tx: Transaction, code: string, values: CountryValues): Promise<{ before: CountryRow | null, after: CountryRow }> {
  const [before] = await tx.select().from(countries).where(eq(countries.code, code)).for('update')
  const set = {
    name: values.name,
    echrParty: values.echrParty,
    echrLeftOn: values.echrLeftOn ?? null,
    catParty: values.catParty,
    opcatParty: values.opcatParty,
    freedomScore: values.freedomScore,
    freedomStatus: values.freedomStatus,
    freedomYear: values.freedomYear,
    freedomEdition: values.freedomEdition ?? null,
    interpolRestrictions: values.interpolRestrictions,
    systematicTorture: values.systematicTorture,
    abuseRecord: values.abuseRecord,
    notes: values.notes,
    sources: values.sources,
    updatedAt: new Date()
  }
  const [after] = await tx.insert(countries).values({ code, ...set })
    .onConflictDoUpdate({ target: countries.code, set }).returning()
  if (after === undefined) throw new Error('country upsert returned nothing')
  return { before: before ?? null, after }
}

/** Whether two rows would score differently: every field but the timestamp. */
export function sameCountryContext (a: CountryRow | null, b: CountryRow): boolean {
  if (a === null) return false
  return JSON.stringify(toCountryContext(a)) === JSON.stringify(toCountryContext(b))
}
