import fs from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { renderOpenApiDocument } from '../openapi-document.ts'

const target = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../openapi/openapi.json')
await fs.mkdir(path.dirname(target), { recursive: true })
await fs.writeFile(target, await renderOpenApiDocument())
console.log(`wrote ${path.relative(process.cwd(), target)}`)
