import fs from 'node:fs/promises'
import path from 'node:path'
import type { Logger } from 'pino'
import type { Config } from './config.ts'
import { ConfigError } from './config.ts'
import { CryptoError, generateCryptoSecretsEnv, loadCryptoSecrets, type CryptoSecrets } from './crypto/index.ts'

export const KEYS_FILE = 'keys.json'

/**
 * The three root secrets, from the environment; or, outside production, from DATA_DIR/keys.json,
 * generated (owner-only) on the first start so that a newcomer's `npm start` just works.
 */
export async function loadSecrets (config: Config, log: Logger): Promise<CryptoSecrets> {
  const { encryptionKeys, blindIndexKey, apiKeyPepper } = config.secrets
  const given = [encryptionKeys, blindIndexKey, apiKeyPepper].filter((value) => value !== undefined).length
  if (given === 3) return parse({ ENCRYPTION_KEYS: encryptionKeys, BLIND_INDEX_KEY: blindIndexKey, API_KEY_PEPPER: apiKeyPepper })
  if (given > 0) throw new ConfigError('ENCRYPTION_KEYS', 'set ENCRYPTION_KEYS, BLIND_INDEX_KEY and API_KEY_PEPPER together, or none of them')
  if (config.env === 'production') throw new ConfigError('ENCRYPTION_KEYS', 'is required when NODE_ENV=production')
  const file = path.join(config.dataDir, KEYS_FILE)
  await fs.mkdir(config.dataDir, { recursive: true, mode: 0o700 })
  try {
    const stored = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, string>
    return parse(stored)
  } catch (err) {
    if ((err as { code?: string }).code !== 'ENOENT') throw err
  }
  const generated = generateCryptoSecretsEnv()
  // 'wx': if another process created the file meanwhile, fail rather than overwrite its keys.
  await fs.writeFile(file, JSON.stringify(generated, null, 2) + '\n', { mode: 0o600, flag: 'wx' })
  log.warn({ file }, 'generated new encryption, blind-index and API-key secrets; back this file up apart from the data')
  return parse(generated)
}

function parse (env: Record<string, string | undefined>): CryptoSecrets {
  try {
    return loadCryptoSecrets(env)
  } catch (err) {
    if (err instanceof CryptoError) {
      // The crypto layer's messages already start with the variable they are about.
      const variable = ['ENCRYPTION_KEYS', 'BLIND_INDEX_KEY', 'API_KEY_PEPPER'].find((name) => err.message.startsWith(name)) ?? 'ENCRYPTION_KEYS'
      throw new ConfigError(variable, err.message.startsWith(variable) ? err.message.slice(variable.length).replace(/^[\s:]+/, '') : err.message)
    }
    throw err
  }
}
