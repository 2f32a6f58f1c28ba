import fs from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript'

// Development tooling only (openapi-typescript is a devDependency): nothing in the service imports this.
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const SPEC_FILE = path.join(REPO_ROOT, 'openapi/openapi.json')
export const SDK_DIR = path.join(REPO_ROOT, 'sdk')

/** The SDK files generated from the committed spec, keyed by their name in sdk/ (README.md is written by hand). */
export async function renderSdk (specText?: string): Promise<Record<'schema.d.ts' | 'package.json', string>> {
  const text = specText ?? await fs.readFile(SPEC_FILE, 'utf8')
  const spec = JSON.parse(text) as { info: { version: string, license?: { identifier?: string } } }
  // Parsed from the text rather than the file URL, so the test can render the same bytes in memory.
  // rootTypes: every component is also exported by its own name (`RedNotice`, `Problem`, ...), not only as components['schemas'][...].
  const ast = await openapiTS(text, { silent: true, rootTypes: true, rootTypesNoSchemaPrefix: true, rootTypesKeepCasing: true })
  const types = `${COMMENT_HEADER}// Source: openapi/openapi.json (API version ${spec.info.version}). Regenerate with \`npm run sdk\`.\n\n${astToString(ast)}`
  const manifest = {
    name: '@red-notice-monitor/client-types',
    // The package follows the API contract's version, not the service's: partners pin the contract.
    version: spec.info.version,
    description: 'TypeScript types of the red-notice-monitor REST API, for openapi-fetch or any typed HTTP client.',
    // Not published to a registry (the scope is unclaimed); partners copy schema.d.ts or install `npm pack`'s tarball.
    private: true,
    license: spec.info.license?.identifier ?? 'AGPL-3.0-or-later',
    type: 'module',
    types: './schema.d.ts',
    exports: { '.': { types: './schema.d.ts' } },
    files: ['schema.d.ts', 'README.md'],
    sideEffects: false
  }
  return { 'schema.d.ts': types, 'package.json': JSON.stringify(manifest, null, 2) + '\n' }
}
