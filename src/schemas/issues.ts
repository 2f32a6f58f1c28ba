/**
 * Messages for ajv's validation issues, shared by the request validation (plugins/problem.ts) and the check
 * of a merged PATCH (intake). A message describes the rule, never the rejected value: the value may be an
 * identity. Where the rule is a closed list of values, the message names them (api.md: a client should not
 * need the document to fix its request).
 */

export interface ValidationIssue { instancePath: string, keyword: string, params: Record<string, unknown>, message?: string }

const MAX_MESSAGE = 500

function allowedValues (values: unknown[]): string {
  const text = `must be one of: ${values.map((value) => typeof value === 'string' ? value : JSON.stringify(value)).join(', ')}`
  return [...text].length > MAX_MESSAGE ? `${[...text].slice(0, MAX_MESSAGE - 1).join('')}…` : text
}

/**
 * ajv reports a failed `anyOf` as one issue per alternative, then the `anyOf` itself. Where every alternative
 * is a constant (a union of literals) or a format (a date or a date-time), the group says one thing, so it
 * becomes one issue that names what is allowed.
 */
export function collapseAlternatives (issues: readonly ValidationIssue[]): ValidationIssue[] {
  const result: ValidationIssue[] = []
  for (const issue of issues) {
    if (issue.keyword !== 'anyOf') { result.push(issue); continue }
    let start = result.length
    while (start > 0 && result[start - 1]!.instancePath === issue.instancePath && ['const', 'format'].includes(result[start - 1]!.keyword)) start--
    const branches = result.slice(start)
    const kinds = new Set(branches.map((branch) => branch.keyword))
    if (branches.length === 0 || kinds.size !== 1) { result.push(issue); continue }
    result.splice(start)
    if (kinds.has('const')) {
      result.push({ instancePath: issue.instancePath, keyword: 'enum', params: { allowedValues: branches.map((branch) => branch.params.allowedValue) } })
    } else {
      const formats = branches.map((branch) => `"${String(branch.params.format)}"`)
      result.push({ instancePath: issue.instancePath, keyword: 'format', params: {}, message: `must match format ${formats.join(' or ')}` })
    }
  }
  return result
}

/** The message of one issue. */
export function issueMessage (issue: ValidationIssue): string {
  if (issue.keyword === 'additionalProperties') return 'is not an allowed property'
  if (issue.keyword === 'required') return 'is required'
  if (issue.keyword === 'enum' && Array.isArray(issue.params.allowedValues)) return allowedValues(issue.params.allowedValues)
  if (issue.keyword === 'const') return allowedValues([issue.params.allowedValue])
  // ajv's other messages describe the rule ("must NOT have more than 200 characters"), never the rejected value.
  return issue.message ?? `fails ${issue.keyword}`
}
