import { between, eq, gte, lt, sql, type SQL } from 'drizzle-orm'
import { BAND_THRESHOLDS, type Band } from '../domain/index.ts'
import { readRedNoticePage, scoreSortKey, type Facet, type RecheckValues, type SearchFilter, type RedNoticeListFilter, type RedNoticeOrder, type RedNoticeRow } from '../db/queries/red-notices.ts'
import { redNotices } from '../db/schema.ts'
import { decodeCursor, page, queryBefore, queryFrom } from '../routes/pagination.ts'
import type { RedNoticeFilterQuery, RedNoticeListQuery } from '../routes/v1/red-notice-query.ts'
import { visibleSubjectId } from './disclosure.ts'
import { JsonText } from './json-text.ts'
import { listedViewJson, openIdentity, ownFactsJson, seesIdentities } from './red-notice-views.ts'
import { contextFor, type Actor, type IntakeDeps } from './types.ts'

export async function listRedNoticePage (deps: IntakeDeps, actor: Actor, query: RedNoticeListQuery) {
  const limit = query.limit ?? 50
  // The query schema admits only these values.
  const order = (query.sort ?? '-createdAt') as RedNoticeOrder
  const { after, cursorOf } = keyset(order, query.cursor)
  const filter = redNoticeFilter(actor, query)
  return await readRedNoticePage(deps.db, contextFor(actor), { ...filter, order, limit: limit + 1, after, served: limit }, actor, async (listed, extrasLater) => {
    const result = page(listed, limit, ({ row }) => cursorOf(row))
    // While PostgreSQL reads the served rows' extras and commits their read events (readRedNoticePage): each item's
    // facts as its view gives them. An analyst's are the stored facts' text as PostgreSQL wrote it, passed on as it is;
    // a reporter's own item parses them once to join its identity (docs/analyst-queries.md, "What a page costs
    // besides its statement").
    const facts = result.items.map(({ row, factsJson }) => {
      const identity = seesIdentities(actor, row) ? openIdentity(deps, row, row.revision, row.identity) : null
      return identity === null ? factsJson : ownFactsJson(factsJson, identity)
    })
    const subjectIds = result.items.map(({ row }) => visibleSubjectId(deps.secrets, actor, row))
    const extras = await extrasLater
    const items = result.items.map(({ row }, i) => {
      const { otherReports, score, failed } = extras[i]!
      return listedViewJson(row, facts[i]!, { subjectId: subjectIds[i]!, otherReportsOnSubject: otherReports, score, failed })
    })
    return new JsonText(`{"items":[${items.join(',')}],"nextCursor":${JSON.stringify(result.nextCursor)}}`)
  })
}

/**
 * The list's filters. Usually as `search` values for red_notice_search_page (migration 0022, which picks the
 * page's ids in bounded time for any combination: docs/analyst-queries.md), with the same filters as SQL
 * conditions to recheck the page's rows. With subjectId, the subject's few reports are read by
 * red_notices_subject_idx and every filter is a condition on them. The list and the export both build their
 * WHERE here.
 */
export function redNoticeFilter (actor: Actor, query: RedNoticeFilterQuery): { conditions: SQL[], search?: SearchFilter, recheck?: RecheckValues } {
  const facets: Facet[] = []
  if (query.indicator !== undefined) facets.push({ kind: 'indicator', value: query.indicator })
  if (query.profile !== undefined) facets.push({ kind: 'profile', value: query.profile })
  if (query.chargeCategory !== undefined) facets.push({ kind: 'charge_category', value: query.chargeCategory })
  // A subject's reports are few and red_notices_subject_idx finds them: that filter keeps the direct plan, and
  // the facets are checked on those rows' own arrays.
  if (query.subjectId !== undefined) return { conditions: [...redNoticeFilterConditions(actor, query, true), ...facets.map(facetOnRow)] }
  const conditions = redNoticeFilterConditions(actor, query, false)
  // The page's ids come from the search table; the conditions recheck its few rows on red_notices itself, the
  // facets on the row's own arrays (a page of rows: no index needed), so a stale or colliding search row could
  // only drop a report from the page, never add one.
  return { conditions: [...conditions, ...facets.map(facetOnRow)], search: searchFilter(query), recheck: recheckValues(actor, query) }
}

/** The same rechecks as redNoticeFilterConditions and facetOnRow, as values (a list page's fixed statement). */
function recheckValues (actor: Actor, query: RedNoticeFilterQuery): RecheckValues {
  return {
    partnerId: actor.role === 'reporter' ? actor.partnerId : undefined,
    requestingCountry: query.requestingCountry,
    mechanism: query.mechanism,
    status: query.status,
    createdFrom: queryFrom(query.createdFrom, 'createdFrom'),
    createdBefore: queryBefore(query.createdTo, 'createdTo', 'exclusive'),
    band: query.band,
    minScore: query.minScore,
    maxScore: query.maxScore,
    indicator: query.indicator,
    profile: query.profile,
    chargeCategory: query.chargeCategory
  }
}

/** Each band's scores under the ruleset's thresholds (bandFor). */
const BAND_SCORES: Record<Band, [number, number]> = {
  low: [0, BAND_THRESHOLDS.elevated - 1],
  elevated: [BAND_THRESHOLDS.elevated, BAND_THRESHOLDS.high - 1],
  high: [BAND_THRESHOLDS.high, BAND_THRESHOLDS.critical - 1],
  critical: [BAND_THRESHOLDS.critical, 100]
}

/** The filters as red_notice_search_page (migration 0022) takes them: every equality filter is a term. */
function searchFilter (query: RedNoticeFilterQuery): SearchFilter {
  const terms: string[] = []
  const term = (name: string, value: string | undefined): void => { if (value !== undefined) terms.push(`${name}:${value}`) }
  term('indicator', query.indicator)
  term('profile', query.profile)
  term('charge_category', query.chargeCategory)
  term('country', query.requestingCountry)
  term('mechanism', query.mechanism)
  term('status', query.status)
  term('band', query.band)
  // A band is a score range (bandFor): saying so lets the walk start inside it (the -score order) and the
  // fallback find a band's rare matches through the score index, where the band's own term is a list of up to
  // half the reports. The band term stays, so a report whose stored band disagrees is still left out.
  const [bandMin, bandMax] = query.band === undefined ? [undefined, undefined] : BAND_SCORES[query.band as Band]
  const bound = (a: number | undefined, b: number | undefined, pick: (x: number, y: number) => number) =>
    a === undefined ? b : b === undefined ? a : pick(a, b)
  const minScore = bound(query.minScore, bandMin, Math.max)
  const maxScore = bound(query.maxScore, bandMax, Math.min)
  return {
    terms,
    minScore,
    maxScore,
    // The range is the band's own (no score filter narrows it): it then adds nothing to the band's term.
    scoreFromBand: query.band !== undefined && minScore === bandMin && maxScore === bandMax,
    createdFrom: queryFrom(query.createdFrom, 'createdFrom')?.toISOString(),
    // Exclusive, as the search function compares it (a date covers its whole day).
    createdTo: queryBefore(query.createdTo, 'createdTo', 'exclusive')?.toISOString()
  }
}

/**
 * The filters other than indicator, profile and chargeCategory as SQL conditions. `direct`: the conditions find the
 * rows (a subject's); otherwise they recheck a search page's rows, which the primary key finds.
 */
function redNoticeFilterConditions (actor: Actor, query: RedNoticeFilterQuery, direct: boolean): SQL[] {
  const createdFrom = queryFrom(query.createdFrom, 'createdFrom')
  const createdBefore = queryBefore(query.createdTo, 'createdTo', 'exclusive')
  const conditions: SQL[] = []
  // Row-level security limits reporters to their own rows already; saying so here keeps the direct plan simple. On
  // a search page's rows it is a check, not an index condition (`is true`): as one, the partner's index was read
  // whole into a bitmap beside the page's ids (every page of a large partner's export), where the ids alone find
  // the rows by the primary key.
  if (actor.role === 'reporter') conditions.push(direct ? eq(redNotices.partnerId, actor.partnerId) : sql`(${redNotices.partnerId} = ${actor.partnerId}::uuid) is true`)
  if (query.requestingCountry !== undefined) conditions.push(eq(redNotices.requestingCountry, query.requestingCountry))
  if (query.mechanism !== undefined) conditions.push(eq(redNotices.mechanism, query.mechanism))
  if (query.status !== undefined) conditions.push(eq(redNotices.status, query.status))
  if (query.subjectId !== undefined) conditions.push(eq(redNotices.subjectId, query.subjectId))
  if (createdFrom !== undefined) conditions.push(gte(redNotices.createdAt, createdFrom))
  if (createdBefore !== undefined) conditions.push(lt(redNotices.createdAt, createdBefore))
  if (query.band !== undefined) conditions.push(eq(redNotices.currentBand, query.band))
  // On the -score order's key (unscored = -1, never in a 0–100 range), as the search table's score_key.
  if (query.minScore !== undefined) conditions.push(gte(scoreSortKey, query.minScore))
  if (query.maxScore !== undefined) conditions.push(between(scoreSortKey, 0, query.maxScore))
  return conditions
}

/**
 * The facet as the report row's own array holds it (0005/0006): only for rows already found (a page from the
 * search table, a subject's reports). Under row-level security `@>` (not leakproof) is checked after the
 * policy, row by row, so no index serves it; the search table's terms do (0025).
 */
function facetOnRow ({ kind, value }: Facet): SQL {
  const column = kind === 'indicator' ? redNotices.currentIndicators : kind === 'profile' ? redNotices.profiles : redNotices.chargeCategories
  return sql`${column} @> array[${value}]::text[]`
}

/** Where a row sits in an order: the keyset position to continue after it. */
export function positionOf (order: RedNoticeOrder, row: Pick<RedNoticeRow, 'id' | 'createdAt' | 'currentScore'>): NonNullable<RedNoticeListFilter['after']> {
  return order === '-score' ? { score: row.currentScore ?? -1, id: row.id } : { createdAt: row.createdAt, id: row.id }
}

/** The cursor of each order holds that order's sort key of the last item served. */
export function keyset (order: RedNoticeListFilter['order'], cursor: string | undefined): {
  after: RedNoticeListFilter['after']
  cursorOf: (last: Pick<RedNoticeRow, 'id' | 'createdAt' | 'currentScore'>) => Record<string, string | number>
} {
  if (order === '-score') {
    const position = decodeCursor(cursor, { score: 'integer', id: 'uuid' })
    return {
      after: position === undefined ? undefined : { score: Number(position.score), id: position.id },
      cursorOf: (last) => ({ score: last.currentScore ?? -1, id: last.id })
    }
  }
  const position = decodeCursor(cursor, { createdAt: 'timestamp', id: 'uuid' })
  return {
    after: position === undefined ? undefined : { createdAt: new Date(position.createdAt), id: position.id },
    cursorOf: (last) => ({ createdAt: last.createdAt.toISOString(), id: last.id })
  }
}
