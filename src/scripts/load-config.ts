import { ConfigError, loadConfig, type Config } from '../config.ts'

/** Entry points call this first: a bad variable ends the process with one line that names it. */
export function loadConfigOrExit (): Config {
  try {
    return loadConfig()
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Configuration error: ${err.message}`)
      process.exit(2)
    }
    throw err
  }
}

/** The same one-line exit for configuration found wrong later in start-up (e.g. unusable keys). */
export async function orExitOnConfigError<T> (load: () => Promise<T>): Promise<T> {
  try {
    return await load()
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Configuration error: ${err.message}`)
      process.exit(2)
    }
    throw err
  }
}
