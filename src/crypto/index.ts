// Public API of src/crypto. aead.ts, transliterate.ts, name-script.ts, arabic-script.ts and
// consonant-key.ts stay internal.

export { CryptoError, DecryptionError, KeyConfigError, UnknownKeyIdError, type DecryptionFailure } from './errors.ts'
export {
  Keyring, KID_PATTERN, ROOT_KEY_BYTES, deriveKey, generateCryptoSecretsEnv, generateKeyringString, generateKid,
  generateRootKeyString, keyFingerprint, loadCryptoSecrets, parseKeyring, parseRootKey, prependNewKey,
  type CryptoSecrets, type KeyringEntry
} from './keyring.ts'
export {
  IDENTITY_COLUMN, decryptField, encryptField, generateDataKey, needsRewrap, openJson, openJsonUnderWrappedKey, rewrapDataKey, sealJson,
  unwrapDataKey, wrapDataKey, wrappedKeyId, type DataKey, type FieldAad, type RecordAad
} from './envelope.ts'
export { MAX_NAME_LENGTH, matchKey, normalizeName } from './normalize-name.ts'
export { MAX_KEYS_PER_NAME, nameMatchKeys } from './name-keys.ts'
export {
  BLIND_INDEX_BYTES, INDEX_PADDING, MAX_SUBJECT_INDEXES, SUBJECT_INDEX_SCHEME, SUBJECT_MATCH_CONTEXT, blindIndex, parseBirthDate,
  subjectMatchIndex, subjectsMatch,
  type BirthDate, type BlindIndexContext, type SubjectNames
} from './blind-index.ts'
export {
  API_KEY_PREFIX, DUMMY_HASH, generateApiKey, hashMatches, hashSecret, parseApiKey, verifySecret, type ApiKey
} from './api-keys.ts'
export { PERMUTED_ID_MAX, permuteId, unpermuteId } from './id-permutation.ts'
