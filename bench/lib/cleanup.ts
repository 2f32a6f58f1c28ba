/** Undo steps run in reverse order at the end of a benchmark, on failure and on Ctrl-C alike. */
export class Cleanup {
  private readonly steps: Array<() => Promise<unknown>> = []

  constructor () {
    process.once('SIGINT', () => { this.run().finally(() => process.exit(130)) })
  }

  add (step: () => Promise<unknown>): void { this.steps.push(step) }

  async run (): Promise<void> {
    for (let step = this.steps.pop(); step !== undefined; step = this.steps.pop()) {
      await step().catch((err: unknown) => console.error('cleanup:', (err as Error).message))
    }
  }
}
