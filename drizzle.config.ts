import { defineConfig } from 'drizzle-kit'

// Generation only compares schema.ts with migrations/meta; it never connects to a database.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './migrations',
  casing: 'snake_case'
})
