import { sql } from 'drizzle-orm'
import {
  bigint, boolean, check, date, index, integer, jsonb, pgTable, primaryKey, real, smallint, text, timestamp, uniqueIndex, uuid
} from 'drizzle-orm/pg-core'

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()

export const partners = pgTable('partners', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  createdAt: createdAt()
})

export const apiKeys = pgTable('api_keys', {
  id: uuid('id').primaryKey().defaultRandom(),
  partnerId: uuid('partner_id').notNull().references(() => partners.id),
  // Public half of the token (rnm_<keyId>_<secret>); the secret is stored only as a keyed hash.
  keyId: text('key_id').notNull().unique(),
  secretHash: text('secret_hash').notNull(),
  role: text('role', { enum: ['reporter', 'analyst', 'admin'] }).notNull(),
  label: text('label'),
  createdAt: createdAt(),
  revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' })
}, (t) => [
  check('api_keys_role_check', sql`${t.role} in ('reporter', 'analyst', 'admin')`),
  index('api_keys_partner_idx').on(t.partnerId)
])

/**
 * One row per red-notice report: the current revision's searchable, non-identifying facts.
 * Identities live only as ciphertext under the report's own data key (wrapped_key); erasure drops that key.
 */
export const redNotices = pgTable('red_notices', {
  id: uuid('id').primaryKey().defaultRandom(),
  partnerId: uuid('partner_id').notNull().references(() => partners.id),
  subjectId: uuid('subject_id').notNull(),
  revision: integer('revision').notNull(),
  mechanism: text('mechanism').notNull(),
  requestingCountry: text('requesting_country').notNull(),
  status: text('status'),
  facts: jsonb('facts').notNull(),
  identity: text('identity'),
  wrappedKey: text('wrapped_key'),
  // Searchable copies of facts and of the current revision's current score (kept by a trigger on scores),
  // so list filters are plain column predicates.
  profiles: text('profiles').array().notNull().default(sql`'{}'::text[]`),
  chargeCategories: text('charge_categories').array().notNull().default(sql`'{}'::text[]`),
  currentScore: smallint('current_score'),
  currentBand: text('current_band'),
  currentIndicators: text('current_indicators').array().notNull().default(sql`'{}'::text[]`),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  withdrawnAt: timestamp('withdrawn_at', { withTimezone: true, mode: 'date' }),
  erasedAt: timestamp('erased_at', { withTimezone: true, mode: 'date' }),
  // The subject the secretariat confirmed this report on (docs/disclosure-policy.md): other partners' facts
  // count in its score only while it equals subject_id. Cleared by every change of the report's identity.
  confirmedSubjectId: uuid('confirmed_subject_id')
}, (t) => [
  index('red_notices_partner_created_idx').on(t.partnerId, t.createdAt, t.id),
  index('red_notices_created_idx').on(t.createdAt, t.id),
  index('red_notices_subject_idx').on(t.subjectId),
  index('red_notices_country_idx').on(t.requestingCountry, t.createdAt),
  // Migration 0041: stored facts hold no identifying member (a pseudonymised list page writes them as they are).
  check('red_notices_facts_pseudonymous', sql`red_notice_facts_pseudonymous(${t.facts})`)
  // No index on the current score or band (dropped by 0036): the lists page through red_notice_search, and an
  // index there would cost every change of a report's score an entry for nothing.
])

/**
 * The current linkedReportIds of each red notice as rows, kept by a trigger on red_notices (migration
 * 0004), so scoring finds the reports naming a report through a btree index. A GIN index on the jsonb
 * would not serve: under row-level security PostgreSQL only uses indexes of leakproof operators, and the
 * jsonb operators are not.
 */
export const redNoticeLinks = pgTable('red_notice_links', {
  reportId: uuid('report_id').notNull().references(() => redNotices.id),
  linkedReportId: uuid('linked_report_id').notNull(),
  partnerId: uuid('partner_id').notNull().references(() => partners.id)
}, (t) => [
  primaryKey({ columns: [t.reportId, t.linkedReportId] }),
  index('red_notice_links_linked_idx').on(t.linkedReportId)
])

export const redNoticeRevisions = pgTable('red_notice_revisions', {
  reportId: uuid('report_id').notNull().references(() => redNotices.id),
  revision: integer('revision').notNull(),
  partnerId: uuid('partner_id').notNull().references(() => partners.id),
  facts: jsonb('facts').notNull(),
  identity: text('identity'),
  createdAt: createdAt(),
  createdByKey: uuid('created_by_key')
}, (t) => [primaryKey({ columns: [t.reportId, t.revision] }), check('red_notice_revisions_facts_pseudonymous', sql`red_notice_facts_pseudonymous(${t.facts})`)])

export const assurances = pgTable('assurances', {
  id: uuid('id').primaryKey().defaultRandom(),
  partnerId: uuid('partner_id').notNull().references(() => partners.id),
  revision: integer('revision').notNull(),
  givingState: text('giving_state').notNull(),
  receivingState: text('receiving_state').notNull(),
  redNoticeId: uuid('red_notice_id'),
  facts: jsonb('facts').notNull(),
  identity: text('identity'),
  wrappedKey: text('wrapped_key'),
  // The current revision's current score and band, kept by a trigger on scores (migration 0010) as for red
  // notices, so the list's band and score filters and its -score order are plain column predicates.
  currentScore: smallint('current_score'),
  currentBand: text('current_band'),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  withdrawnAt: timestamp('withdrawn_at', { withTimezone: true, mode: 'date' }),
  erasedAt: timestamp('erased_at', { withTimezone: true, mode: 'date' })
}, (t) => [
  index('assurances_partner_created_idx').on(t.partnerId, t.createdAt, t.id),
  index('assurances_created_idx').on(t.createdAt, t.id),
  index('assurances_giving_state_idx').on(t.givingState, t.createdAt),
  index('assurances_receiving_state_idx').on(t.receivingState, t.createdAt),
  index('assurances_band_created_idx').on(t.currentBand, t.createdAt, t.id),
  index('assurances_score_idx').on(sql`(coalesce(${t.currentScore}, -1)) DESC`, sql`${t.id} DESC`)
])

export const assuranceRevisions = pgTable('assurance_revisions', {
  reportId: uuid('report_id').notNull().references(() => assurances.id),
  revision: integer('revision').notNull(),
  partnerId: uuid('partner_id').notNull().references(() => partners.id),
  facts: jsonb('facts').notNull(),
  identity: text('identity'),
  createdAt: createdAt(),
  createdByKey: uuid('created_by_key')
}, (t) => [primaryKey({ columns: [t.reportId, t.revision] })])

/** Keyed hashes of normalised names + birth date; equal values link reports about the same person. */
export const subjectIndexes = pgTable('subject_indexes', {
  reportId: uuid('report_id').notNull().references(() => redNotices.id),
  indexValue: text('index_value').notNull(),
  subjectId: uuid('subject_id').notNull()
}, (t) => [
  primaryKey({ columns: [t.reportId, t.indexValue] }),
  // INCLUDE (report_id) since migration 0037: ownMatches reads the index only.
  index('subject_indexes_value_idx').on(t.indexValue),
  // otherReportsOnSubject counts a subject's reports on every filing and every read.
  index('subject_indexes_subject_idx').on(t.subjectId, t.reportId)
])

export const scores = pgTable('scores', {
  // Time-ordered (migration 0031): a chunk's new scores fill the primary key's last pages, not 2,000 random ones.
  id: uuid('id').primaryKey().default(sql`time_ordered_uuid()`),
  reportKind: text('report_kind', { enum: ['red_notice', 'assurance'] }).notNull(),
  reportId: uuid('report_id').notNull(),
  partnerId: uuid('partner_id').notNull().references(() => partners.id),
  revision: integer('revision').notNull(),
  rulesetVersion: text('ruleset_version').notNull(),
  score: smallint('score').notNull(),
  band: text('band', { enum: ['low', 'elevated', 'high', 'critical'] }).notNull(),
  rawTotal: real('raw_total').notNull(),
  contributions: jsonb('contributions').notNull(),
  scoredAt: timestamp('scored_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  /**
   * Set when reference data (a country's context, linked reports) changed and a rescoring gave a different
   * result for the same revision and ruleset: the old row stays as history, the new one becomes current.
   */
  supersededAt: timestamp('superseded_at', { withTimezone: true, mode: 'date' })
}, (t) => [
  // Idempotent sink: a job run twice, or by two workers, cannot write a second current score.
  uniqueIndex('scores_report_revision_ruleset_uq').on(t.reportKind, t.reportId, t.revision, t.rulesetVersion).where(sql`superseded_at is null`),
  index('scores_report_history_idx').on(t.reportKind, t.reportId, t.scoredAt),
  check('scores_score_range', sql`${t.score} between 0 and 100`)
])

/**
 * The last failed scoring attempt of one report revision under one ruleset, so `/score` can answer
 * `failed` instead of `pending` forever. Deleted when the revision is scored. Holds a safe reason code only.
 */
export const scoringFailures = pgTable('scoring_failures', {
  reportKind: text('report_kind', { enum: ['red_notice', 'assurance'] }).notNull(),
  reportId: uuid('report_id').notNull(),
  revision: integer('revision').notNull(),
  rulesetVersion: text('ruleset_version').notNull(),
  partnerId: uuid('partner_id').notNull().references(() => partners.id),
  attempts: integer('attempts').notNull(),
  /** No retry will come: the attempts are exhausted, or the failure cannot heal by itself. */
  final: boolean('final').notNull(),
  /** Retrying cannot help under this ruleset (the rules reject the report): the reconciler leaves it alone. */
  permanent: boolean('permanent').notNull(),
  reason: text('reason').notNull(),
  failedAt: timestamp('failed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
}, (t) => [primaryKey({ columns: [t.reportKind, t.reportId, t.revision, t.rulesetVersion] })])

/** Reference data about a state (domain CountryContext); seeded from COUNTRY_REFERENCE, corrected by admins. */
export const countries = pgTable('countries', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  echrParty: boolean('echr_party').notNull(),
  echrLeftOn: date('echr_left_on', { mode: 'string' }),
  catParty: boolean('cat_party'),
  opcatParty: boolean('opcat_party'),
  freedomScore: smallint('freedom_score'),
  freedomStatus: text('freedom_status', { enum: ['F', 'PF', 'NF'] }),
  freedomYear: smallint('freedom_year'),
  freedomEdition: smallint('freedom_edition'),
  interpolRestrictions: text('interpol_restrictions'),
  systematicTorture: boolean('systematic_torture'),
  abuseRecord: boolean('abuse_record').notNull().default(false),
  notes: jsonb('notes').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  sources: jsonb('sources').$type<Array<{ citation: string, url?: string, unverified?: boolean }>>().notNull().default(sql`'[]'::jsonb`),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
}, (t) => [
  check('countries_code_check', sql`${t.code} ~ '^[A-Z]{2}$'`),
  check('countries_freedom_score_range', sql`${t.freedomScore} between 0 and 100`),
  check('countries_freedom_status_check', sql`${t.freedomStatus} in ('F', 'PF', 'NF')`)
])

/** A tracked bulk rescoring: one item per report revision in scope; counters move as items finish. */
export const rescoringRuns = pgTable('rescoring_runs', {
  id: uuid('id').primaryKey().defaultRandom(),
  rulesetVersion: text('ruleset_version').notNull(),
  requestingCountry: text('requesting_country'),
  givingState: text('giving_state'),
  /** Why the run exists: `manual` (POST /v1/rescoring-runs), `country.updated` or `ruleset.adopted` (the reconciler). */
  reason: text('reason').notNull(),
  total: integer('total').notNull().default(0),
  done: integer('done').notNull().default(0),
  failed: integer('failed').notNull().default(0),
  status: text('status', { enum: ['running', 'finished'] }).notNull().default('running'),
  createdByKey: uuid('created_by_key'),
  createdAt: createdAt(),
  finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' })
}, (t) => [
  check('rescoring_runs_status_check', sql`${t.status} in ('running', 'finished')`),
  index('rescoring_runs_running_idx').on(t.createdAt).where(sql`status = 'running'`)
])

/**
 * One row per report revision of a run. Counting progress through these rows' state makes it exact:
 * a job delivered twice (a stalled worker) moves its item from pending once only. No index names `state`, and
 * the table keeps half of each page free (fillfactor 50, migration 0031), so settling an item is a heap-only
 * update: every reader of pending items bounds its search by the primary key.
 */
export const rescoringRunItems = pgTable('rescoring_run_items', {
  runId: uuid('run_id').notNull().references(() => rescoringRuns.id),
  reportKind: text('report_kind', { enum: ['red_notice', 'assurance'] }).notNull(),
  reportId: uuid('report_id').notNull(),
  revision: integer('revision').notNull(),
  state: text('state', { enum: ['pending', 'done', 'failed'] }).notNull().default('pending')
}, (t) => [
  primaryKey({ columns: [t.runId, t.reportKind, t.reportId, t.revision] })
])

/** Append-only: the application role may insert and select, never update or delete. */
export const auditEvents = pgTable('audit_events', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  actorPartnerId: uuid('actor_partner_id'),
  actorKeyId: uuid('actor_key_id'),
  action: text('action').notNull(),
  targetKind: text('target_kind'),
  targetId: uuid('target_id'),
  requestId: text('request_id'),
  details: jsonb('details')
}, (t) => [
  index('audit_events_occurred_idx').on(t.occurredAt),
  index('audit_events_target_idx').on(t.targetId),
  // A partner's own events (its keys' actions, identity reads included) and its identity-change budget.
  index('audit_events_actor_partner_idx').on(t.actorPartnerId, t.action, t.occurredAt)
])

export const idempotencyKeys = pgTable('idempotency_keys', {
  partnerId: uuid('partner_id').notNull().references(() => partners.id),
  key: text('key').notNull(),
  route: text('route').notNull(),
  requestHash: text('request_hash').notNull(),
  statusCode: integer('status_code').notNull(),
  resourceId: uuid('resource_id'),
  createdAt: createdAt()
}, (t) => [primaryKey({ columns: [t.partnerId, t.key, t.route] })])

/*
 * Statistics release (docs/statistics.md). The scored, current reports are partitioned into release classes
 * by refresh_statistics(k): a state × band class covers a month, a quarter or a year of creation, whichever is
 * the finest at which every class of that year holds k reports, or the pooled remaining years ('rest'); it is
 * split by mechanism (red notices) or receiving state (assurances) only when every part holds k. A class
 * is published whole when it holds k reports; every answer is a sum of whole published classes. No partner,
 * no identity, no report id: nothing here needs row-level security.
 */
const releaseClassColumns = {
  /** 'report' (red notices) or 'assurance'. */
  view: text('view').notNull(),
  /** Requesting state (reports) or giving state (assurances). */
  requestingCountry: text('requesting_country').notNull(),
  /** Mechanism (reports) or receiving state (assurances); 'mixed' when the class is not split. */
  split: text('split').notNull(),
  band: text('band').notNull(),
  /** 'month', 'quarter', 'year' or 'rest' (pooled years, no period). */
  periodKind: text('period_kind').notNull(),
  /** 'YYYY-MM', 'YYYY-Qn', 'YYYY' or 'rest'. */
  period: text('period').notNull(),
  periodStart: date('period_start', { mode: 'string' }),
  /** Exclusive. */
  periodEnd: date('period_end', { mode: 'string' }),
  n: integer('n').notNull(),
  scoreSum: integer('score_sum').notNull()
}

export const statsReleaseClasses = pgTable('stats_release_classes', {
  ...releaseClassColumns,
  published: boolean('published').notNull()
}, (t) => [primaryKey({ columns: [t.view, t.requestingCountry, t.split, t.band, t.period] })])

/** (report, indicator) pairs of one release class; `cell` is the class size the publication rule compares with. */
export const statsReleaseIndicatorClasses = pgTable('stats_release_indicator_classes', {
  indicatorId: text('indicator_id').notNull(),
  ...releaseClassColumns,
  cell: integer('cell').notNull(),
  published: boolean('published').notNull()
}, (t) => [primaryKey({ columns: [t.indicatorId, t.view, t.requestingCountry, t.split, t.band, t.period] })])

/**
 * The published classes summed over the dimensions a request may leave open ('*' = every state / every
 * split), per view ('report', 'assurance', 'indicator'; indicator_id '' outside the indicator view), so a
 * request sums a few thousand rows at most.
 */
export const statsReleaseRollup = pgTable('stats_release_rollup', {
  indicatorId: text('indicator_id').notNull(),
  ...releaseClassColumns
}, (t) => [
  index('stats_release_rollup_lookup_idx').on(t.view, t.indicatorId, t.requestingCountry, t.split)
])

/** One row: when the release was last rebuilt, and the minimum group size its rollups were built with. */
export const statsRelease = pgTable('stats_release', {
  id: smallint('id').primaryKey(),
  refreshedAt: timestamp('refreshed_at', { withTimezone: true, mode: 'date' }).notNull(),
  minGroupSize: integer('min_group_size').notNull()
}, (t) => [check('stats_release_single_row', sql`${t.id} = 1`)])
/**
 * A partner's subscription to score events about its own reports. The signing secret is stored only sealed
 * under the row's own data key (wrapped_key), like identities: a database dump alone cannot forge deliveries.
 * Deleting sets deleted_at, so the delivery log stays readable to the operator and nothing is sent any more.
 */
export const webhooks = pgTable('webhooks', {
  id: uuid('id').primaryKey().defaultRandom(),
  partnerId: uuid('partner_id').notNull().references(() => partners.id),
  url: text('url').notNull(),
  events: text('events').array().notNull(),
  minBand: text('min_band', { enum: ['low', 'elevated', 'high', 'critical'] }).notNull(),
  wrappedKey: text('wrapped_key').notNull(),
  secret: text('secret').notNull(),
  createdByKey: uuid('created_by_key'),
  createdAt: createdAt(),
  deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' })
}, (t) => [
  check('webhooks_min_band_check', sql`${t.minBand} in ('low', 'elevated', 'high', 'critical')`),
  index('webhooks_partner_idx').on(t.partnerId, t.createdAt, t.id)
])

/**
 * The outbox: one row per event and subscription, written in the transaction that wrote the score (or the
 * failure), so an event exists exactly when its cause committed. The queue only carries the row's id; the
 * reconciler re-enqueues rows still pending. The payload holds ids, bands and scores, never identities.
 */
export const webhookDeliveries = pgTable('webhook_deliveries', {
  id: uuid('id').primaryKey().defaultRandom(),
  webhookId: uuid('webhook_id').notNull().references(() => webhooks.id),
  partnerId: uuid('partner_id').notNull().references(() => partners.id),
  eventType: text('event_type', { enum: ['score.band_raised', 'score.failed'] }).notNull(),
  /** What makes the event unique for this subscription (kind/report/revision/score), so a job run twice emits once. */
  eventKey: text('event_key').notNull(),
  payload: jsonb('payload').notNull(),
  status: text('status', { enum: ['pending', 'succeeded', 'failed', 'cancelled'] }).notNull().default('pending'),
  replayOf: uuid('replay_of'),
  createdAt: createdAt(),
  finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' })
}, (t) => [
  check('webhook_deliveries_status_check', sql`${t.status} in ('pending', 'succeeded', 'failed', 'cancelled')`),
  uniqueIndex('webhook_deliveries_event_uq').on(t.webhookId, t.eventKey).where(sql`replay_of is null`),
  index('webhook_deliveries_webhook_idx').on(t.webhookId, t.createdAt, t.id),
  index('webhook_deliveries_pending_idx').on(t.createdAt).where(sql`status = 'pending'`)
])

/** One row per HTTP attempt of a delivery: what the receiver answered, never what it said. */
export const webhookAttempts = pgTable('webhook_attempts', {
  id: uuid('id').primaryKey().defaultRandom(),
  deliveryId: uuid('delivery_id').notNull().references(() => webhookDeliveries.id),
  partnerId: uuid('partner_id').notNull().references(() => partners.id),
  attempt: integer('attempt').notNull(),
  attemptedAt: timestamp('attempted_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  statusCode: integer('status_code'),
  outcome: text('outcome', { enum: ['succeeded', 'failed'] }).notNull(),
  durationMs: integer('duration_ms').notNull(),
  /** A fixed class (`timeout`, `http_status`, `redirect`, `connection`, `refused_target`…), never a message. */
  errorClass: text('error_class')
}, (t) => [
  check('webhook_attempts_outcome_check', sql`${t.outcome} in ('succeeded', 'failed')`),
  index('webhook_attempts_delivery_idx').on(t.deliveryId, t.attempt)
])
