import { generateDataKey, openJson, openJsonUnderWrappedKey, sealJson, unwrapDataKey, wrapDataKey, type CryptoSecrets, type DataKey } from '../crypto/index.ts'

export type ReportTable = 'red_notices' | 'assurances'
const REVISION_TABLES = { red_notices: 'red_notice_revisions', assurances: 'assurance_revisions' } as const

/**
 * Identities are sealed under the report's own data key, itself wrapped by the current root key.
 * Associated data binds each ciphertext to its report and revision, so a ciphertext copied to another
 * row fails to open; dropping the wrapped key (erasure) makes every revision unreadable for good.
 */
export class IdentityVault {
  constructor (private readonly secrets: CryptoSecrets, private readonly table: ReportTable) {}

  newKey (reportId: string): { dek: DataKey, wrapped: string } {
    const dek = generateDataKey()
    return { dek, wrapped: wrapDataKey(this.secrets.keyring, dek, { table: this.table, rowId: reportId }) }
  }

  key (reportId: string, wrapped: string): DataKey {
    return unwrapDataKey(this.secrets.keyring, wrapped, { table: this.table, rowId: reportId })
  }

  seal (dek: DataKey, reportId: string, revision: number, identity: unknown): string {
    return sealJson(dek, identity, this.aad(reportId, revision))
  }

  open (dek: DataKey, reportId: string, revision: number, ciphertext: string): unknown {
    return openJson(dek, ciphertext, this.aad(reportId, revision))
  }

  /** open(key(…), …) for one ciphertext: the data key is never made a KeyObject (openJsonUnderWrappedKey). */
  openWrapped (reportId: string, wrapped: string, revision: number, ciphertext: string): unknown {
    return openJsonUnderWrappedKey(this.secrets.keyring, wrapped, { table: this.table, rowId: reportId }, ciphertext, this.aad(reportId, revision))
  }

  private aad (reportId: string, revision: number) {
    return { table: REVISION_TABLES[this.table], rowId: `${reportId}:r${revision}` }
  }
}
