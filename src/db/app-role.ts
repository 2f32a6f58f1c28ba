import pg from 'pg'
import { APP_ROLE } from './client.ts'

export class AppRoleError extends Error {
  readonly safeMessage = true
  constructor (message: string) {
    super(message)
    this.name = 'AppRoleError'
  }
}

/**
 * The login role the API and worker connect as (APP_DATABASE_URL), made or updated by migrate, which runs as
 * the owner. It holds nothing of its own: it is a member of rnm_app (the pool's first statement is
 * `set role rnm_app`), cannot log in as a superuser, create roles or databases, or bypass row-level security.
 * A session of the owner could RESET ROLE out of rnm_app; a session of this role cannot become more than it is.
 * Returns the role's name.
 */
export async function ensureAppLoginRole (ownerUrl: string, appUrl: string): Promise<string> {
  const target = new URL(appUrl)
  const role = decodeURIComponent(target.username)
  const password = decodeURIComponent(target.password)
  if (role === '') throw new AppRoleError('APP_DATABASE_URL names no user')
  const client = new pg.Client({ connectionString: ownerUrl, application_name: 'red-notice-monitor-migrate' })
  await client.connect()
  try {
    const { rows: [owner] } = await client.query<{ current_user: string, db: string }>('select current_user, current_database() as db')
    if (role === owner?.current_user) throw new AppRoleError(`APP_DATABASE_URL must name a role other than the owner ${role} that runs migrations`)
    if (role === APP_ROLE) throw new AppRoleError(`APP_DATABASE_URL must name a login role of its own, not ${APP_ROLE}`)
    const { rows: [existing] } = await client.query<{ rolsuper: boolean, rolbypassrls: boolean }>('select rolsuper, rolbypassrls from pg_roles where rolname = $1', [role])
    if (existing !== undefined && (existing.rolsuper || existing.rolbypassrls)) {
      throw new AppRoleError(`the role ${role} in APP_DATABASE_URL is a superuser or bypasses row-level security; name another role`)
    }
    const ident = client.escapeIdentifier(role)
    // No PASSWORD clause for an empty password (trust or certificate authentication).
    const login = password === '' ? 'LOGIN' : `LOGIN PASSWORD ${client.escapeLiteral(password)}`
    const attributes = 'NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION INHERIT'
    await client.query(existing === undefined ? `CREATE ROLE ${ident} ${login} ${attributes}` : `ALTER ROLE ${ident} ${login} ${attributes}`)
    await client.query(`GRANT ${APP_ROLE} TO ${ident}`)
    await client.query(`GRANT CONNECT ON DATABASE ${client.escapeIdentifier(owner!.db)} TO ${ident}`)
    return role
  } finally {
    await client.end()
  }
}
