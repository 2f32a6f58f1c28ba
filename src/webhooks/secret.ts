import { randomBytes } from 'node:crypto'
import { decryptField, encryptField, generateDataKey, unwrapDataKey, wrapDataKey, type Keyring } from '../crypto/index.ts'

const TABLE = 'webhooks'
const COLUMN = 'secret'
/** Standard Webhooks: `whsec_` and base64 of 24 to 64 random bytes. */
const SECRET_BYTES = 32

export function generateWebhookSecret (): string {
  return `whsec_${randomBytes(SECRET_BYTES).toString('base64')}`
}

/**
 * Seals a signing secret under a data key of its own, wrapped by the keyring like a report's (so key
 * rotation and the backup caveats of src/crypto apply alike). The AAD binds it to its row: a secret copied
 * to another partner's webhook row does not open.
 */
export function sealWebhookSecret (keyring: Keyring, webhookId: string, secret: string): { wrappedKey: string, secret: string } {
  const dek = generateDataKey()
  return {
    wrappedKey: wrapDataKey(keyring, dek, { table: TABLE, rowId: webhookId }),
    secret: encryptField(dek, secret, { table: TABLE, column: COLUMN, rowId: webhookId })
  }
}

export function openWebhookSecret (keyring: Keyring, webhookId: string, sealed: { wrappedKey: string, secret: string }): string {
  const dek = unwrapDataKey(keyring, sealed.wrappedKey, { table: TABLE, rowId: webhookId })
  return decryptField(dek, sealed.secret, { table: TABLE, column: COLUMN, rowId: webhookId })
}
