import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../helpers/process.ts'
import { checkCitations, citingFiles, findCitations, sectionsOf } from './citations.ts'

/** Third-party data, and this checker with its own examples of broken citations. */
const notChecked = (file: string): boolean =>
  file.startsWith('test/fixtures/') || file.startsWith('test/docs/citations') || file.startsWith('migrations/meta/') || file.includes('/node_modules/')

describe('every document the repository cites is in it', () => {
  it('resolves every cited *.md and *.json file, § section, quoted heading and scenario', () => {
    const files = citingFiles(REPO_ROOT, notChecked)
    expect(files).toContain('src/app.ts')
    expect(files).toContain('docs/security.md')
    const problems = checkCitations(REPO_ROOT, files)
    expect(problems.map(({ citation, reason }) => `${citation.file}:${citation.line}: "${citation.text}": ${reason}`)).toEqual([])
  })
})

describe('the citation checker', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rnm-citations-'))
  fs.mkdirSync(path.join(root, 'docs'))
  fs.mkdirSync(path.join(root, 'src', 'crypto'), { recursive: true })
  fs.writeFileSync(path.join(root, 'docs', 'domain.md'), '# Domain\n## 5. Country context\n### 5.2 CAT and OPCAT\n')
  fs.writeFileSync(path.join(root, 'docs', 'api.md'), '# API\n## Scores\n')
  fs.writeFileSync(path.join(root, 'docs', 'security.md'), '# Security\n## 7. Scenarios\n| S24 | supply chain |\n')
  fs.writeFileSync(path.join(root, 'src', 'crypto', 'README.md'), '# Crypto\n')
  fs.writeFileSync(path.join(root, 'package.json'), '{}\n')
  afterAll(() => { fs.rmSync(root, { recursive: true, force: true }) })

  const problemsIn = (source: string): string[] => {
    fs.writeFileSync(path.join(root, 'src', 'cites.ts'), source)
    return checkCitations(root, ['src/cites.ts']).map((problem) => problem.reason)
  }

  // operations.md is in the repository but not in this fixture root: were a URL or another repository's path read
  // as a citation, it would be reported.
  it('accepts citations that resolve: bare names in docs/, paths from the root, sections, headings, scenarios', () => {
    expect(problemsIn([
      '// domain.md §5.2 and docs/domain.md §5, (domain.md, §5.2)',
      '// api.md "Scores"; security.md S24; docs/security.md §7 S24; src/crypto/README.md; package.json',
      'const body = res.json(); const id = reply.json.id; const typed = reply.json<{ id: string }>()',
      '// DATA_DIR/keys.json, served at /openapi.json, https://example.org/operations.md',
      '// another repository\'s file: `owner/name:docs/operations.md`'
    ].join('\n'))).toEqual([])
  })

  it('fails on a document that does not exist, as the issue found (audit-exceptions.json, architecture.md)', () => {
    expect(problemsIn('// listed in audit-exceptions.json\n/* as in architecture.md */')).toEqual([
      'audit-exceptions.json is not in the repository',
      'architecture.md is not in the repository'
    ])
  })

  it('fails on a section, heading or scenario the cited document does not have', () => {
    expect(problemsIn('// domain.md §6.1\n// api.md "Webhooks"\n// security.md S99')).toEqual([
      'docs/domain.md has no section §6.1',
      'docs/api.md has no heading "Webhooks"',
      'docs/security.md names no scenario S99'
    ])
  })

  it('reads the line of each citation', () => {
    expect(findCitations('x.ts', 'a\n// see domain.md §5.2\n').map(({ line, section }) => [line, section])).toEqual([[2, '5.2']])
  })

  it('numbers sections from headings, with or without a trailing dot', () => {
    expect([...sectionsOf('## 1. One\n### 1.1 Sub\n#### §4.2 Other\nnot 9. a heading\n```sh\n# 201 a shell comment\n```\n')]).toEqual(['1', '1.1', '4.2'])
  })
})
