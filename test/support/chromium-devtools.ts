import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Readable, Writable } from 'node:stream';
import { CHROMIUM_FLAGS, requireChromium } from './chromium';

/**
 * Headless Chromium driven through the DevTools protocol over its pipe (`--remote-debugging-pipe`:
 * JSON messages, each ended by a NUL byte, on file descriptors 3 and 4), for what its command line
 * cannot do: emulate print media, click a link and keep what it downloads. The repository has no
 * driver library (puppeteer, playwright) and the machine no network, so this is the few protocol
 * calls the tests need and nothing more; a driver library would replace it one for one.
 */
export interface DevtoolsPage {
  /** A protocol command to the page. */
  send<T = unknown>(method: string, params?: object): Promise<T>;
  /** Evaluates an expression in the page (DevTools evaluation is not subject to the page's CSP) and returns its JSON value. */
  evaluate<T>(expression: string): Promise<T>;
  /** Like puppeteer's `page.emulateMedia`: `print` applies the page's print stylesheet to what is shown. */
  emulateMedia(media: 'print' | 'screen'): Promise<void>;
  /** A PNG of the whole page (beyond the viewport), written to `out` and returned. */
  screenshot(out: string): Promise<Buffer>;
  /** Clicks the centre of the element `selector` names, as a mouse would. */
  click(selector: string): Promise<void>;
  /** Clicks the link `selector` names and returns the file the browser saved, once it is complete. */
  download(selector: string): Promise<{ suggestedFilename: string; path: string; content: Buffer }>;
}

interface Message {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: unknown;
  error?: { message: string };
  sessionId?: string;
}

class Connection {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void; method: string }>();
  private readonly listeners = new Set<(message: Message) => void>();
  private buffered = Buffer.alloc(0);

  constructor(
    private readonly input: Writable,
    output: Readable,
  ) {
    output.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      for (let end = this.buffered.indexOf(0); end !== -1; end = this.buffered.indexOf(0)) {
        const message = JSON.parse(this.buffered.subarray(0, end).toString('utf8')) as Message;
        this.buffered = this.buffered.subarray(end + 1);
        this.dispatch(message);
      }
    });
  }

  send<T>(method: string, params: object = {}, sessionId?: string): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, method });
      this.input.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  }

  /** The first event `method` whose params satisfy `match`. */
  waitFor(method: string, match: (params: Record<string, unknown>) => boolean = () => true, timeoutMs = 30_000): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`no ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (message: Message) => {
        if (message.method !== method || !match(message.params ?? {})) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(message.params ?? {});
      };
      this.listeners.add(listener);
    });
  }

  failAll(error: Error): void {
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
  }

  private dispatch(message: Message): void {
    if (message.id !== undefined) {
      const call = this.pending.get(message.id);
      if (!call) return;
      this.pending.delete(message.id);
      if (message.error) call.reject(new Error(`${call.method}: ${message.error.message}`));
      else call.resolve(message.result);
      return;
    }
    for (const listener of [...this.listeners]) listener(message);
  }
}

/** Opens `file` in a fresh headless Chromium, runs `use` on it, and closes the browser (killing it if it lingers). */
export async function withPage<T>(file: string, use: (page: DevtoolsPage) => Promise<T>, options: { windowSize?: { width: number; height: number } } = {}): Promise<T> {
  const binary = requireChromium();
  const { width, height } = options.windowSize ?? { width: 1280, height: 2000 };
  const profile = mkdtempSync(join(tmpdir(), 'chromium-devtools-'));
  const downloads = mkdtempSync(join(tmpdir(), 'chromium-downloads-'));
  const child: ChildProcess = spawn(binary, [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, `--window-size=${width},${height}`, '--remote-debugging-pipe', 'about:blank'], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
  });
  const stderr: Buffer[] = [];
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
  const connection = new Connection(child.stdio[3] as Writable, child.stdio[4] as Readable);
  child.on('exit', (code, signal) => connection.failAll(new Error(`Chromium exited (${code ?? signal}):\n${Buffer.concat(stderr).toString('utf8').slice(-2000)}`)));
  try {
    await connection.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads, eventsEnabled: true });
    const { targetId } = await connection.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await connection.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
    const send = <R>(method: string, params?: object) => connection.send<R>(method, params, sessionId);
    await send('Page.enable');
    await send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false });
    const loaded = connection.waitFor('Page.loadEventFired');
    await send('Page.navigate', { url: pathToFileURL(file).href });
    await loaded;

    const evaluate = async <R>(expression: string): Promise<R> => {
      const { result, exceptionDetails } = await send<{ result: { value: R }; exceptionDetails?: { text: string; exception?: { description?: string } } }>('Runtime.evaluate', {
        expression,
        returnByValue: true,
        awaitPromise: true,
      });
      if (exceptionDetails) throw new Error(`evaluate: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
      return result.value;
    };
    const click = async (selector: string) => {
      const box = await evaluate<{ x: number; y: number } | null>(
        `(() => { const el = document.querySelector(${JSON.stringify(selector)}); if (!el) return null; el.scrollIntoView({ block: 'center' }); const r = el.getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; })()`,
      );
      if (!box) throw new Error(`no element ${selector} to click`);
      for (const type of ['mousePressed', 'mouseReleased']) await send('Input.dispatchMouseEvent', { type, x: box.x, y: box.y, button: 'left', clickCount: 1 });
    };
    const page: DevtoolsPage = {
      send,
      evaluate,
      click,
      async emulateMedia(media) {
        await send('Emulation.setEmulatedMedia', { media });
      },
      async screenshot(out) {
        const size = await evaluate<{ width: number; height: number }>('({ width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight })');
        const { data } = await send<{ data: string }>('Page.captureScreenshot', {
          format: 'png',
          captureBeyondViewport: true,
          clip: { x: 0, y: 0, width: Math.max(size.width, width), height: size.height, scale: 1 },
        });
        const png = Buffer.from(data, 'base64');
        writeFileSync(out, png);
        return png;
      },
      async download(selector) {
        // Both waits start before the click: a small download can end in the same chunk of messages
        // as it begins, before a listener set up after downloadWillBegin would be listening.
        const begun = connection.waitFor('Browser.downloadWillBegin');
        const ended = connection.waitFor('Browser.downloadProgress', (p) => p.state === 'completed' || p.state === 'canceled');
        await click(selector);
        const { guid, suggestedFilename } = (await begun) as { guid: string; suggestedFilename: string };
        const done = await ended;
        if (done.guid !== guid) throw new Error(`another download (${String(done.guid)}) ended instead of ${guid}`);
        if (done.state !== 'completed') throw new Error(`the download of ${suggestedFilename} was cancelled`);
        // Saved under its guid in the download folder (eventsEnabled), whatever name the page suggests.
        const name = readdirSync(downloads).find((f) => f === guid) ?? suggestedFilename;
        const path = join(downloads, name);
        return { suggestedFilename, path, content: readFileSync(path) };
      },
    };
    return await use(page);
  } finally {
    await Promise.race([connection.send('Browser.close').catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 5_000))]);
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // Already gone.
    }
    rmSync(profile, { recursive: true, force: true });
    rmSync(downloads, { recursive: true, force: true });
  }
}
