import fs from 'node:fs'
import path from 'node:path'

/**
 * Makes a folder and everything in it readable and writable by this user only (0700 folders, 0600 files).
 * The embedded database holds encrypted identities, blind indexes and API-key hashes, and DATA_DIR its root
 * keys; a folder that already existed with mode 0755 kept that mode, and PGlite unpacks its initial database
 * files as 0666, world-writable. Symbolic links are left alone (chmod would follow them out of the folder).
 * Returns the number of entries whose mode changed.
 */
export function restrictToOwner (root: string): number {
  let changed = 0
  const visit = (entry: string, stat: fs.Stats): void => {
    if (stat.isSymbolicLink()) return
    const wanted = stat.isDirectory() ? 0o700 : 0o600
    if ((stat.mode & 0o777) !== wanted) {
      fs.chmodSync(entry, wanted)
      changed++
    }
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(entry)) visit(path.join(entry, name), fs.lstatSync(path.join(entry, name)))
    }
  }
  visit(root, fs.lstatSync(root))
  return changed
}

/**
 * Files this process creates from now on are owner-only whatever mode their creator asks for (PGlite's own
 * files, pg_internal.init, exports). Embedded mode only: the process owns DATA_DIR and nothing it writes is
 * meant for another user.
 */
export function ownerOnlyFromNowOn (): void {
  process.umask(0o077)
}
