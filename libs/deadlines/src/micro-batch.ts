export interface MicroBatchOptions {
  /** A batch runs as soon as it holds this many items … */
  maxSize: number;
  /** … or this long (ms) after its first item came, whichever is first … */
  maxWaitMs: number;
  /** … unless this many batches are running: then items gather until one has finished. */
  maxRunning: number;
}

interface Waiting<T, R> {
  item: T;
  resolve(value: R): void;
  reject(reason: unknown): void;
}

/**
 * Gathers items that arrive close together (the jobs a queue hands out in one burst) and runs them
 * as one batch, while each caller still waits for its own item's result alone. Under load batches
 * grow by themselves: while `maxRunning` batches are running, what arrives gathers for the next one
 * (as a database groups commits); when idle, an item waits at most `maxWaitMs`.
 */
export class MicroBatch<T, R> {
  private gathering: Waiting<T, R>[] = [];
  private running = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly run: (items: T[]) => Promise<PromiseSettledResult<R>[]>,
    private readonly options: MicroBatchOptions,
  ) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.gathering.push({ item, resolve, reject });
      if (this.gathering.length >= this.options.maxSize) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.maxWaitMs);
    });
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.running >= this.options.maxRunning || this.gathering.length === 0) return;
    const batch = this.gathering.splice(0, this.options.maxSize);
    this.running++;
    this.run(batch.map(({ item }) => item))
      .then(
        (results) => batch.forEach((waiting, i) => settle(waiting, results[i])),
        (reason: unknown) => batch.forEach(({ reject }) => reject(reason)),
      )
      .finally(() => {
        this.running--;
        // What gathered meanwhile has waited long enough.
        this.flush();
      });
    if (this.gathering.length > 0) this.timer = setTimeout(() => this.flush(), this.options.maxWaitMs);
  }
}

function settle<T, R>({ resolve, reject }: Waiting<T, R>, result: PromiseSettledResult<R> | undefined): void {
  if (result?.status === 'fulfilled') resolve(result.value);
  else reject(result ? result.reason : new Error('the batch gave no result for this item'));
}
