export function databaseUrl (adminUrl: string, database: string): string {
  const url = new URL(adminUrl)
  url.pathname = `/${database}`
  return url.toString()
}

/** The prefix of every database one test run creates: its global teardown drops these and no others. */
export function runDatabasePrefix (runTag: string): string {
  return `rnm_t_${runTag}_`
}
