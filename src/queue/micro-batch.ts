import type { BatchItem, Outcome, ScoringBatchHandler } from './types.ts'

/**
 * Gathers the jobs a worker runs concurrently into one call of a batch handler: each job still completes
 * or fails on its own in the queue, but their database work shares one transaction. A batch leaves when it
 * is full or `maxWaitMs` after its first job; batches do not wait for each other.
 */
export class MicroBatcher {
  private waiting: Array<{ item: BatchItem, resolve: (outcome: Outcome) => void }> = []
  private timer: NodeJS.Timeout | null = null

  constructor (private readonly handler: ScoringBatchHandler, private readonly options: { maxSize: number, maxWaitMs: number }) {}

  async submit (item: BatchItem): Promise<Outcome> {
    return await new Promise<Outcome>((resolve) => {
      this.waiting.push({ item, resolve })
      if (this.waiting.length >= this.options.maxSize) this.flush()
      else this.timer ??= setTimeout(() => this.flush(), this.options.maxWaitMs)
    })
  }

  private flush (): void {
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
    const batch = this.waiting
    this.waiting = []
    if (batch.length === 0) return
    this.handler(batch.map((b) => b.item)).then(
      (outcomes) => batch.forEach((b, i) => b.resolve(outcomes[i] ?? { ok: false, error: new Error('batch handler gave no outcome') })),
      (error: unknown) => batch.forEach((b) => b.resolve({ ok: false, error: error instanceof Error ? error : new Error('batch handler failed') }))
    )
  }
}
