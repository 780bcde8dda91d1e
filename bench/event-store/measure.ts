export interface Workload {
  /** Operations in total, split evenly between the workers. */
  operations: number;
  concurrency: number;
}

/** Runs `operation(worker, i)` from `concurrency` workers, each sequentially; returns operations per second. */
export async function opsPerSecond(
  { operations, concurrency }: Workload,
  operation: (worker: number, i: number) => Promise<unknown>,
): Promise<number> {
  const perWorker = Math.ceil(operations / concurrency);
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = 0; i < perWorker; i++) await operation(worker, i);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return (perWorker * concurrency) / seconds;
}

export const ratio = (a: number, b: number): string => (a / b).toFixed(2);
export const rate = (value: number): string => value.toFixed(0);
