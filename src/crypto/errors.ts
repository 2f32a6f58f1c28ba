// Error types of the crypto module.
//
// Rule for every message here: it may name a variable, a position or a key id,
// never plaintext, key bytes or ciphertext. Errors end up in logs, problem+json
// bodies and bug reports; a subject's name in any of them can get someone hurt.
// No error carries a `cause` either, since Node's own errors are not ours to vet.

export class CryptoError extends Error {
  override name = 'CryptoError'
}

/** A configured secret (ENCRYPTION_KEYS, BLIND_INDEX_KEY, API_KEY_PEPPER) is missing or malformed. */
export class KeyConfigError extends CryptoError {
  override name = 'KeyConfigError'
}

export type DecryptionFailure = 'malformed' | 'unsupported_version' | 'authentication_failed'

/** A ciphertext or wrapped key could not be opened. `reason` is safe to log. */
export class DecryptionError extends CryptoError {
  override name = 'DecryptionError'
  readonly reason: DecryptionFailure

  constructor (reason: DecryptionFailure) {
    super(`decryption failed: ${reason.replaceAll('_', ' ')}`)
    this.reason = reason
  }
}

/**
 * A wrapped data key names a root key id that is not in the keyring: a root was
 * retired before every data key was re-wrapped, or ENCRYPTION_KEYS lost an entry.
 * The kid is metadata (never secret) and is what an operator needs to fix this.
 */
export class UnknownKeyIdError extends CryptoError {
  override name = 'UnknownKeyIdError'
  readonly kid: string

  constructor (kid: string) {
    super(`unknown encryption key id "${kid}": it is not in ENCRYPTION_KEYS`)
    this.kid = kid
  }
}
