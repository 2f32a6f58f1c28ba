import neostandard from 'neostandard'

export default [
  ...neostandard({ ts: true, ignores: ['node_modules', 'data', 'coverage', 'sdk', 'migrations/meta'] }),
  {
    rules: {
      // Subject identities must never reach stdout: logging goes through pino's redacting logger.
      'no-console': ['error', { allow: ['error'] }]
    }
  },
  {
    files: ['src/scripts/**', 'bench/**', 'examples/**', 'test/**', 'eval/**'],
    rules: { 'no-console': 'off' }
  }
]
