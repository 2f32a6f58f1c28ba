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

  it('is a types-only package that cannot be published by accident', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(SDK_DIR, 'package.json'), 'utf8')) as Record<string, unknown>
    expect(manifest).toMatchObject({ name: '@red-notice-monitor/client-types', private: true, types: './schema.d.ts' })
    expect(manifest).not.toHaveProperty('dependencies')
    expect(manifest).not.toHaveProperty('main')
  })
})
