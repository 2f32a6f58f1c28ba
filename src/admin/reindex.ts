import { and, asc, eq, gt, inArray, isNotNull } from 'drizzle-orm'
import { SUBJECT_INDEX_SCHEME, subjectMatchIndex, type CryptoSecrets } from '../crypto/index.ts'
import type { Database } from '../db/client.ts'
import { SYSTEM_CONTEXT, withContext } from '../db/context.ts'
import { recordAudit } from '../db/queries/audit.ts'
import { redNotices, subjectIndexes } from '../db/schema.ts'
import { IdentityVault } from '../intake/vault.ts'
import type { RedNoticeIdentity } from '../schemas/identity.ts'

export interface ReindexSummary { reports: number, indexes: number, scheme: string }
export interface ReindexProgress { done: number }

/**
 * Recomputes every stored report's subject indexes with the current scheme (subjectMatchIndex), after a change
 * to name normalisation or to SUBJECT_INDEX_SCHEME: indexes of two schemes never match, so until this has run
 * an old report is found only by reports filed before the change. Each report keeps its subject: reports that
 * the new scheme would link but that already have different subjects stay apart (merging people is a human
 * decision), and a report filed afterwards joins the first of them by id, as resolveSubject does.
 *
 * Identities are decrypted in memory only, one batch per transaction; each batch locks its rows, so a PATCH
 * running meanwhile waits and then stores indexes of the current scheme itself. Erased reports have no
 * identity and no indexes, and are skipped. Idempotent.
 */
export async function reindexSubjects (db: Database, secrets: CryptoSecrets, options: { batchSize?: number, onProgress?: (progress: ReindexProgress) => void | Promise<void> } = {}): Promise<ReindexSummary> {
  const batchSize = options.batchSize ?? 500
  const vault = new IdentityVault(secrets, 'red_notices')
  let afterId: string | undefined
  let reports = 0
  let indexes = 0
  for (;;) {
    const done = await withContext(db, SYSTEM_CONTEXT, async (tx) => {
      const rows = await tx.select({ id: redNotices.id, subjectId: redNotices.subjectId, revision: redNotices.revision, identity: redNotices.identity, wrappedKey: redNotices.wrappedKey })
        .from(redNotices)
        .where(and(afterId === undefined ? undefined : gt(redNotices.id, afterId), isNotNull(redNotices.wrappedKey), isNotNull(redNotices.identity)))
        .orderBy(asc(redNotices.id)).limit(batchSize)
        .for('update')
      if (rows.length === 0) return 0
      const fresh = rows.flatMap((row) => {
        const identity = vault.open(vault.key(row.id, row.wrappedKey!), row.id, row.revision, row.identity!) as RedNoticeIdentity
        const { fullName, aliases, dateOfBirth } = identity.subject
        return subjectMatchIndex(secrets.blindIndexKey, { fullName: fullName ?? '', aliases, dateOfBirth })
          .map((indexValue) => ({ reportId: row.id, indexValue, subjectId: row.subjectId }))
      })
      await tx.delete(subjectIndexes).where(inArray(subjectIndexes.reportId, rows.map((row) => row.id)))
      if (fresh.length > 0) await tx.insert(subjectIndexes).values(fresh).onConflictDoNothing()
      afterId = rows.at(-1)!.id
      indexes += fresh.length
      return rows.length
    })
    if (done === 0) break
    reports += done
    await options.onProgress?.({ done: reports })
  }
  await withContext(db, SYSTEM_CONTEXT, (tx) => recordAudit(tx, {
    actorPartnerId: null, actorKeyId: null, action: 'subject_indexes.rebuilt', details: { scheme: SUBJECT_INDEX_SCHEME, reports, indexes, via: 'cli' }
  }))
  return { reports, indexes, scheme: SUBJECT_INDEX_SCHEME }
}

/** The subject indexes stored for one report (tests, diagnostics); keyed hashes only. */
export async function storedSubjectIndexes (db: Database, reportId: string): Promise<string[]> {
  const rows = await withContext(db, SYSTEM_CONTEXT, (tx) => tx.select({ value: subjectIndexes.indexValue }).from(subjectIndexes).where(eq(subjectIndexes.reportId, reportId)))
  return rows.map((row) => row.value).sort()
}
