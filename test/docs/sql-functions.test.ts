import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { MIGRATIONS_FOLDER } from '../../src/db/client.ts'
import { REPO_ROOT } from '../helpers/process.ts'

/** Each SQL function the migrations leave defined, with the migration that last (re)defines it. */
function functionsInMigrations (): Map<string, string> {
  const current = new Map<string, string>()
  const files = fs.readdirSync(MIGRATIONS_FOLDER).filter((file) => file.endsWith('.sql')).sort()
  for (const file of files) {
    const sql = fs.readFileSync(path.join(MIGRATIONS_FOLDER, file), 'utf8').replace(/--[^\n]*/g, '')
    const statements = /\b(create(?:\s+or\s+replace)?|drop)\s+function\s+(?:if\s+exists\s+)?(?:public\.)?"?([a-z_][a-z0-9_]*)"?/gi
    for (const [, verb, name] of sql.matchAll(statements)) {
      if (verb!.toLowerCase() === 'drop') current.delete(name!.toLowerCase())
      else current.set(name!.toLowerCase(), file)
    }
  }
  return current
}

/** The table of docs/architecture.md, "SQL functions": `name` → the migration file named in its second column. */
function functionsInDocs (): Map<string, string> {
  const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'architecture.md'), 'utf8')
  const section = doc.slice(doc.indexOf('### SQL functions'))
  const listed = new Map<string, string>()
  for (const [, name, file] of section.matchAll(/^\| `([a-z_][a-z0-9_]*)` \| `([^`]+\.sql)` \|/gm)) listed.set(name!, file!)
  return listed
}

describe('docs/architecture.md lists every SQL function with the migration holding its current body', () => {
  it('names exactly the functions the migrations leave defined, each with its last (re)definition', () => {
    const migrations = functionsInMigrations()
    expect(migrations.get('file_red_notices')).toBe('0039_no_rescoring_across_partners.sql')
    expect(migrations.has('api_key_lookup')).toBe(false) // dropped by 0018
    expect(Object.fromEntries([...functionsInDocs()].sort())).toEqual(Object.fromEntries([...migrations].sort()))
  })
})
