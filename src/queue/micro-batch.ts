import type { BatchItem, Outcome, ScoringBatchHandler } from './types.ts'

interface Waiting { item: BatchItem, resolve: (outcome: Outcome) => void }

/**
 * Gathers the jobs a worker runs concurrently into one call of a batch handler: each job still completes
 * or fails on its own in the queue, but their database work shares one transaction. When no batch is
 * running a job leaves at once, with the jobs handed over in the same turn of the event loop: an idle
 * worker adds no wait. The jobs that arrive while batches run gather for up to `maxWaitMs` (less if they
 * fill a batch of `maxSize`) and leave together beside the running ones, at most `maxConcurrent` batches at
 * once; with every slot busy they leave when one frees. At a low rate each job is its own batch; under load
 * batches grow by themselves.
 */
export class MicroBatcher {
  private waiting: Waiting[] = []
  private running = 0
  private scheduled = false
  private timer: NodeJS.Timeout | null = null
  private readonly maxConcurrent: number
  private readonly maxWaitMs: number

  constructor (private readonly handler: ScoringBatchHandler, private readonly options: { maxSize: number, maxConcurrent?: number, maxWaitMs?: number }) {
    this.maxConcurrent = Math.max(1, options.maxConcurrent ?? 4)
    this.maxWaitMs = Math.max(0, options.maxWaitMs ?? 2)
  }

  async submit (item: BatchItem): Promise<Outcome> {
    return await new Promise<Outcome>((resolve) => {
      this.waiting.push({ item, resolve })
      if (this.waiting.length >= this.options.maxSize) this.pump(false)
      else if (!this.scheduled) {
        // The jobs BullMQ hands over in this turn of the event loop leave together.
        this.scheduled = true
        setImmediate(() => {
          this.scheduled = false
          this.pump(false)
        })
      }
    })
  }

  /** Starts a batch when none runs or a full one when a slot is free; else, with a slot free, waits maxWaitMs for company. */
  private pump (waited: boolean): void {
    while (this.waiting.length > 0 && this.running < this.maxConcurrent) {
      if (this.running > 0 && !waited && this.waiting.length < this.options.maxSize) break
      this.start()
    }
    if (this.waiting.length > 0 && this.running < this.maxConcurrent) {
      this.timer ??= setTimeout(() => {
        this.timer = null
        this.pump(true)
      }, this.maxWaitMs)
    }
  }

  private start (): void {
    const batch = this.waiting.splice(0, this.options.maxSize)
    this.running++
    this.run(batch).finally(() => {
      this.running--
      this.pump(false)
    })
  }

  private async run (batch: Waiting[]): Promise<void> {
    try {
      const outcomes = await this.handler(batch.map((b) => b.item))
      batch.forEach((b, i) => b.resolve(outcomes[i] ?? { ok: false, error: new Error('batch handler gave no outcome') }))
    } catch (error) {
      batch.forEach((b) => b.resolve({ ok: false, error: error instanceof Error ? error : new Error('batch handler failed') }))
    }
  }
}
