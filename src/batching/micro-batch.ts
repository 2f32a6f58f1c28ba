interface Waiting<I, O> { item: I, resolve: (result: O) => void, reject: (error: Error) => void }

export interface MicroBatchOptions {
  /** Items one handler call takes at most. */
  maxSize: number
  /** Handler calls running at once (default 4). */
  maxConcurrent?: number
  /**
   * How long items that arrive while a batch runs, with a slot still free, wait for company before they
   * leave (default 2 ms). 0: they leave at once; batches then form only while every slot is busy.
   */
  maxWaitMs?: number
}

/**
 * Gathers concurrent callers' items into one call of a batch handler: one round trip, statement or
 * transaction for many, each caller still getting its own result. When no batch is running an item leaves
 * at once, with the items submitted in the same turn of the event loop: an idle service adds no wait. The
 * items that arrive while batches run gather for up to `maxWaitMs` (less if they fill a batch of `maxSize`)
 * and leave together beside the running ones, at most `maxConcurrent` batches at once; with every slot busy
 * they leave when one frees. At a low rate each item is its own batch; under load batches grow by themselves.
 *
 * The handler answers one result per item, in order. If it throws, every caller of that batch gets the
 * error: a handler that can fail for one item alone should answer that item's failure as its result.
 */
export class MicroBatcher<I, O> {
  private waiting: Array<Waiting<I, O>> = []
  private running = 0
  private scheduled = false
  private timer: NodeJS.Timeout | null = null
  private readonly maxConcurrent: number
  private readonly maxWaitMs: number

  constructor (private readonly handler: (items: readonly I[]) => Promise<readonly O[]>, private readonly options: MicroBatchOptions) {
    this.maxConcurrent = Math.max(1, options.maxConcurrent ?? 4)
    this.maxWaitMs = Math.max(0, options.maxWaitMs ?? 2)
  }

  async submit (item: I): Promise<O> {
    return await new Promise<O>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject })
      if (this.waiting.length >= this.options.maxSize) this.pump(false)
      else if (!this.scheduled) {
        // The items submitted in this turn of the event loop leave together.
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
      if (this.running > 0 && !waited && this.maxWaitMs > 0 && this.waiting.length < this.options.maxSize) break
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

  private async run (batch: Array<Waiting<I, O>>): Promise<void> {
    try {
      const results = await this.handler(batch.map((b) => b.item))
      batch.forEach((b, i) => {
        if (i < results.length) b.resolve(results[i] as O)
        else b.reject(new Error('batch handler gave no result'))
      })
    } catch (error) {
      const failure = error instanceof Error ? error : new Error('batch handler failed')
      batch.forEach((b) => b.reject(failure))
    }
  }
}

/**
 * One batcher per owner (a database handle: the batches of one must never mix with another's), made on
 * first use and collected with its owner.
 */
export function batcherPerOwner<K extends object, I, O> (make: (owner: K) => MicroBatcher<I, O>): (owner: K) => MicroBatcher<I, O> {
  const batchers = new WeakMap<K, MicroBatcher<I, O>>()
  return (owner) => {
    let batcher = batchers.get(owner)
    if (batcher === undefined) {
      batcher = make(owner)
      batchers.set(owner, batcher)
    }
    return batcher
  }
}
