import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { generateApiKey, hashSecret } from '../../crypto/index.ts'
import { withContext } from '../../db/context.ts'
import { insertApiKey, KEY_SIDE_CONFLICT, listApiKeys, revokeApiKey } from '../../db/queries/api-keys.ts'
import { recordAudit } from '../../db/queries/audit.ts'
import { findPartner, insertPartner, listPartners } from '../../db/queries/partners.ts'
import { conflict, notFound } from '../../errors.ts'
import { contextOf, principalOf } from '../../plugins/auth.ts'
import { Closed, ProblemSchema, TimestampSchema, UuidSchema, Text } from '../../schemas/common.ts'
import { CursorSchema, LimitSchema, decodeCursor, page } from '../pagination.ts'
import { named } from '../../schemas/named.ts'

const RoleSchema = Type.Union([Type.Literal('reporter'), Type.Literal('analyst'), Type.Literal('admin')], { description: 'What the key may do' })
const PartnerSchema = named('Partner', Closed({ id: UuidSchema, name: Type.String(), createdAt: TimestampSchema }))
const ApiKeyInfoSchema = named('ApiKey', Closed({
  id: UuidSchema,
  partnerId: UuidSchema,
  role: RoleSchema,
  label: Type.Union([Type.String(), Type.Null()]),
  createdAt: TimestampSchema,
  revokedAt: Type.Union([TimestampSchema, Type.Null()])
}))
const NewApiKeySchema = named('NewApiKey', Closed({
  id: UuidSchema,
  partnerId: UuidSchema,
  role: RoleSchema,
  label: Type.Union([Type.String(), Type.Null()]),
  createdAt: TimestampSchema,
  apiKey: Type.String({ description: 'The key itself. Shown this once; only its hash is stored.' })
}))
const Errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema }
const IdParams = Closed({ id: UuidSchema })
const ADMIN = { roles: ['admin'] as const }
const iso = (date: Date) => date.toISOString()

export const partnerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps.database

  app.post('/partners', {
    config: ADMIN,
    schema: {
      tags: ['Partners and keys'],
      operationId: 'createPartner',
      summary: 'Create a partner organisation',
      body: Closed({ name: Text(200, { minLength: 1, description: 'The organisation\'s name, unique' }) }),
      response: { 201: PartnerSchema, ...Errors }
    }
  }, async (request, reply) => {
    const principal = principalOf(request)
    const partner = await withContext(db, contextOf(request), async (tx) => {
      const created = await insertPartner(tx, request.body.name)
      if (created === null) return null
      await recordAudit(tx, { actorPartnerId: principal.partnerId, actorKeyId: principal.apiKeyId, action: 'partner.created', targetKind: 'partner', targetId: created.id, requestId: request.id })
      return created
    })
    if (partner === null) throw conflict('A partner with this name exists already')
    return reply.code(201).header('location', `/v1/partners/${partner.id}`).send({ ...partner, createdAt: iso(partner.createdAt) })
  })

  app.get('/partners', {
    config: ADMIN,
    schema: {
      tags: ['Partners and keys'],
      operationId: 'listPartners',
      summary: 'List partner organisations',
      querystring: Closed({ limit: Type.Optional(LimitSchema), cursor: Type.Optional(CursorSchema) }),
      response: { 200: Closed({ items: Type.Array(PartnerSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) }), ...Errors }
    }
  }, async (request) => {
    const limit = request.query.limit ?? 50
    const after = decodeCursor(request.query.cursor, { id: 'uuid' })?.id
    const rows = await withContext(db, contextOf(request), (tx) => listPartners(tx, { after, limit: limit + 1 }))
    const result = page(rows, limit, (last) => ({ id: last.id }))
    return { items: result.items.map((p) => ({ ...p, createdAt: iso(p.createdAt) })), nextCursor: result.nextCursor }
  })

  app.post('/partners/:id/api-keys', {
    config: ADMIN,
    schema: {
      tags: ['Partners and keys'],
      operationId: 'createApiKey',
      summary: 'Issue an API key to a partner (shown once)',
      description: 'A partner holds reporter keys or the secretariat\'s analyst and admin keys, never both: a key of the other kind than ' +
        'those the partner holds or held (revoked ones count) is refused with 409 (docs/disclosure-policy.md, "Roles").',
      params: IdParams,
      body: Closed({ role: RoleSchema, label: Type.Optional(Text(200, { description: 'What the key is for, e.g. the machine that uses it' })) }),
      response: { 201: NewApiKeySchema, ...Errors }
    }
  }, async (request, reply) => {
    const principal = principalOf(request)
    const key = generateApiKey()
    const created = await withContext(db, contextOf(request), async (tx) => {
      if (await findPartner(tx, request.params.id) === null) return null
      const row = await insertApiKey(tx, {
        partnerId: request.params.id, keyId: key.keyId, secretHash: hashSecret(app.deps.secrets.apiKeyPepper, key.secret), role: request.body.role, label: request.body.label ?? null
      })
      if (row === null) throw conflict(KEY_SIDE_CONFLICT)
      await recordAudit(tx, { actorPartnerId: principal.partnerId, actorKeyId: principal.apiKeyId, action: 'api_key.created', targetKind: 'api_key', targetId: row.id, requestId: request.id, details: { role: row.role, partnerId: row.partnerId } })
      return row
    })
    if (created === null) throw notFound('Partner')
    return reply.code(201).send({ ...created, createdAt: iso(created.createdAt), apiKey: key.token })
  })

  app.get('/partners/:id/api-keys', {
    config: ADMIN,
    schema: {
      tags: ['Partners and keys'],
      operationId: 'listApiKeys',
      summary: 'List a partner\'s API keys (never the keys themselves)',
      params: IdParams,
      response: { 200: Closed({ items: Type.Array(ApiKeyInfoSchema) }), ...Errors }
    }
  }, async (request) => {
    const rows = await withContext(db, contextOf(request), async (tx) => {
      if (await findPartner(tx, request.params.id) === null) throw notFound('Partner')
      return await listApiKeys(tx, request.params.id)
    })
    return { items: rows.map((k) => ({ ...k, createdAt: iso(k.createdAt), revokedAt: k.revokedAt === null ? null : iso(k.revokedAt) })) }
  })

  app.get('/me/api-keys', {
    config: { roles: ['reporter', 'analyst', 'admin'] },
    schema: {
      tags: ['Partners and keys'],
      operationId: 'listOwnApiKeys',
      summary: 'List your partner\'s API keys (never the keys themselves)',
      description: 'Every key of your partner, whoever issued it, revoked ones included: a reporter key is the only kind that reads ' +
        'your identities, so no key can read them without appearing here (docs/security-admin.md).',
      response: { 200: Closed({ items: Type.Array(ApiKeyInfoSchema) }), ...Errors }
    }
  }, async (request) => {
    const { partnerId } = principalOf(request)
    const rows = await withContext(db, contextOf(request), (tx) => listApiKeys(tx, partnerId))
    return { items: rows.map((k) => ({ ...k, createdAt: iso(k.createdAt), revokedAt: k.revokedAt === null ? null : iso(k.revokedAt) })) }
  })

  app.delete('/api-keys/:id', {
    config: ADMIN,
    schema: {
      tags: ['Partners and keys'],
      operationId: 'revokeApiKey',
      summary: 'Revoke an API key; effective on the next request',
      params: IdParams,
      response: { 204: Type.Null(), ...Errors }
    }
  }, async (request, reply) => {
    const principal = principalOf(request)
    const revoked = await withContext(db, contextOf(request), async (tx) => {
      const done = await revokeApiKey(tx, request.params.id)
      if (done) await recordAudit(tx, { actorPartnerId: principal.partnerId, actorKeyId: principal.apiKeyId, action: 'api_key.revoked', targetKind: 'api_key', targetId: request.params.id, requestId: request.id })
      return done
    })
    if (!revoked) throw notFound('Active API key')
    // Committed: this process forgets the key before answering; others on the notice revokeApiKey sent.
    app.forgetApiKey(request.params.id)
    return reply.code(204).send(null)
  })
}
