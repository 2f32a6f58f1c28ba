import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { renderSdk, SDK_DIR } from '../src/scripts/sdk-types.ts'

describe('sdk/ (partners\' typed client)', () => {
  it('equals what openapi-typescript generates from openapi/openapi.json (run `npm run sdk` after `npm run openapi`)', async () => {
    const rendered = await renderSdk()
    for (const [name, content] of Object.entries(rendered)) {
      // toBe on whole files: any drift, even whitespace, means the committed SDK was not regenerated.
      expect(fs.readFileSync(path.join(SDK_DIR, name), 'utf8'), `sdk/${name}`).toBe(content)
    }
  }, 60_000)

  it('types every documented operation of the spec', () => {
    const spec = JSON.parse(fs.readFileSync(path.join(SDK_DIR, '../openapi/openapi.json'), 'utf8')) as { paths: Record<string, Record<string, { operationId: string }>> }
    const types = fs.readFileSync(path.join(SDK_DIR, 'schema.d.ts'), 'utf8')
    for (const [route, item] of Object.entries(spec.paths)) {
      expect(types).toContain(`"${route}": {`)
      for (const operation of Object.values(item)) expect(types).toContain(`    ${operation.operationId}: {`)
    }
  })

  it('exports the shared schemas as named types, which examples/sdk-named-types.ts uses (`npm run typecheck` compiles it)', () => {
    const types = fs.readFileSync(path.join(SDK_DIR, 'schema.d.ts'), 'utf8')
    const example = fs.readFileSync(path.join(SDK_DIR, '../examples/sdk-named-types.ts'), 'utf8')
    const names = [
      'RedNotice', 'RedNoticePseudonymised', 'RedNoticeInput', 'RedNoticePatch', 'RedNoticePage', 'RedNoticePseudonymisedPage',
      'Assurance', 'AssurancePseudonymised', 'AssuranceInput', 'AssurancePatch', 'AssurancePage', 'AssurancePseudonymisedPage',
      'Score', 'ScorePending', 'ScoreHistoryPage', 'Contribution', 'Problem', 'Webhook', 'WebhookInput', 'WebhookPage',
      'WebhookDelivery', 'Indicator', 'IndicatorList', 'Country', 'RescoringRun', 'ScoreBand', 'Profile'
    ]
    for (const name of names) expect(types).toContain(`export type ${name} = components['schemas']['${name}'];`)
    expect(types).not.toMatch(/^ {4}schemas: never;$/m)
    for (const name of ['RedNotice', 'RedNoticePseudonymised', 'Assurance', 'Score', 'Problem', 'Indicator', 'Webhook']) {
      expect(example).toMatch(new RegExp(`import type \\{[^}]*\\b${name}\\b[^}]*\\} from '../sdk/schema.d.ts'`))
    }
  })

  it('is a types-only package that cannot be published by accident', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(SDK_DIR, 'package.json'), 'utf8')) as Record<string, unknown>
    expect(manifest).toMatchObject({ name: '@red-notice-monitor/client-types', private: true, types: './schema.d.ts' })
    expect(manifest).not.toHaveProperty('dependencies')
    expect(manifest).not.toHaveProperty('main')
  })
})
