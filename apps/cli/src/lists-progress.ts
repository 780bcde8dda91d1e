import { Presets, SingleBar } from 'cli-progress';
import { CliError } from './lists-errors';
import type { Service } from './lists-http';
import type { BatchSummary } from './lists-output';

/** How often the batch is asked for (the worker writes its progress every 250 ms at most). */
const POLL_MS = 250;
/** Without progress for this long, say once that the worker may not be running. */
const STALL_MS = 30_000;
/** A service that stops answering while the batch is followed is asked again for this long. */
const OUTAGE_MS = 30_000;
/** Plain progress lines (no TTY) at most this often. */
const LINE_EVERY_MS = 2_000;

interface Display {
  update(done: number, total: number): void;
  stop(): void;
}

/** A cli-progress bar on stderr when it is a terminal; plain lines otherwise (logs, CI, pipes). */
function display(stream: NodeJS.WriteStream): Display {
  const started = Date.now();
  let first: { done: number; at: number } | undefined;
  const rate = (done: number) => {
    first ??= { done, at: Date.now() };
    const seconds = (Date.now() - first.at) / 1000;
    return seconds > 0.5 ? (done - first.done) / seconds : 0;
  };
  if (stream.isTTY) {
    const bar = new SingleBar(
      { stream, format: 'applying |{bar}| {value}/{total} entries | {rate} entries/s | ETA {eta_formatted}', hideCursor: true, etaBuffer: 40, fps: 8 },
      Presets.shades_classic,
    );
    let running = false;
    return {
      update(done, total) {
        const payload = { rate: rate(done).toFixed(0) };
        if (!running) {
          bar.start(total, done, payload);
          running = true;
        } else {
          bar.setTotal(total);
          bar.update(done, payload);
        }
      },
      stop() {
        if (running) bar.stop();
        running = false;
      },
    };
  }
  let last = { done: -1, at: 0 };
  return {
    update(done, total) {
      if (done === last.done || (Date.now() - last.at < LINE_EVERY_MS && done < total)) return;
      last = { done, at: Date.now() };
      const perSecond = rate(done);
      const eta = perSecond > 0 ? `, ETA ${Math.ceil((total - done) / perSecond)} s` : '';
      stream.write(`applying: ${done}/${total} entries, ${perSecond.toFixed(0)} entries/s${eta} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
    },
    stop: () => undefined,
  };
}

/**
 * Follows `GET /imports/:id` until the batch is applied: a progress bar (done/total, rate, ETA)
 * from the worker's progress, then the batch as applied. A batch that ends otherwise is an error.
 */
export async function followApply(client: Service, batchId: string, stream: NodeJS.WriteStream = process.stderr): Promise<BatchSummary> {
  const bar = display(stream);
  const interrupted = () => {
    bar.stop();
    stream.write(`\nstopped following; the service applies the batch regardless: npm run -s lists -- status ${batchId}\n`);
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  let lastChange = Date.now();
  let lastDone = -1;
  let warned = false;
  let failingSince: number | undefined;
  try {
    for (;;) {
      let batch: BatchSummary;
      try {
        batch = (await client.get<BatchSummary>(`/imports/${batchId}`)).body;
        failingSince = undefined;
      } catch (error) {
        // The service restarting or briefly away: the batch is applied by the worker all the same.
        if (!(error instanceof CliError) || !error.transient) throw error;
        failingSince ??= Date.now();
        if (Date.now() - failingSince > OUTAGE_MS) throw error;
        await sleep(1_000);
        continue;
      }
      const total = batch.progress?.total ?? batch.counts.added + batch.counts.amended + batch.counts.removed;
      if (batch.status === 'applied') {
        bar.update(total, total);
        return batch;
      }
      if (batch.status !== 'approved') throw new CliError(`batch ${batchId} is ${batch.status}, not being applied`);
      const done = batch.progress?.done ?? 0;
      bar.update(done, total);
      if (done !== lastDone) {
        lastDone = done;
        lastChange = Date.now();
      } else if (!warned && Date.now() - lastChange > STALL_MS) {
        warned = true;
        stream.write(`\nno progress for ${STALL_MS / 1000} s: is the worker running? Still waiting (Ctrl-C stops following, not the batch)\n`);
      }
      await sleep(POLL_MS);
    }
  } finally {
    bar.stop();
    process.removeListener('SIGINT', interrupted);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
