import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';

/**
 * Headless Chromium through its own command line (`--dump-dom`, `--screenshot`, `--print-to-pdf`),
 * for tests that must see a page as a browser renders it. No driver library: the machine has no
 * network and the repository no playwright, so each call is one short-lived browser process with a
 * fresh profile, killed (with its children) if it overstays.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Flags for a closed machine: no sandbox (CI runs as root), no GPU, and nothing that would try the
 * network (QUIC, background fetches, component updates, sync) or stop on a first-run dialog.
 */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Containers often have a small /dev/shm; Chromium crashes when it runs out.
  '--disable-dev-shm-usage',
  // The same layout in every run, whatever the display: CSS pixels are screenshot pixels.
  '--force-device-scale-factor=1',
  '--hide-scrollbars',
];

/** Fails (never skips) when Chromium is absent: CI installs it (.ci/run), so its absence is a broken machine. */
export function requireChromium(): string {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}; these tests need it. Install it with ` +
        '`apt-get install -y --no-install-recommends chromium` (.ci/run does this on CI).',
    );
  }
  return CHROMIUM_PATH;
}

export interface ChromiumOptions {
  /** Viewport, in CSS pixels. */
  windowSize?: { width: number; height: number };
  timeoutMs?: number;
}

/** Runs Chromium once with a fresh profile and returns its stdout; rejects with its stderr on failure or timeout. */
export function runChromium(args: readonly string[], options: ChromiumOptions = {}): Promise<string> {
  const binary = requireChromium();
  const { width, height } = options.windowSize ?? { width: 1280, height: 2000 };
  const timeoutMs = options.timeoutMs ?? 60_000;
  const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  const argv = [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, `--window-size=${width},${height}`, ...args];
  return new Promise<string>((resolve, reject) => {
    // Its own process group, so that a timeout takes the renderer and helper processes with it.
    const child = spawn(binary, argv, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    const finish = (error?: Error) => {
      clearTimeout(timer);
      rmSync(profile, { recursive: true, force: true });
      if (error) reject(error);
      else resolve(Buffer.concat(stdout).toString('utf8'));
    };
    child.on('error', (error) => finish(new Error(`cannot start ${binary}: ${error.message}`)));
    child.on('close', (code, signal) => {
      if (timedOut) return finish(new Error(`${binary} did not finish within ${timeoutMs} ms; stderr:\n${tail(stderr)}`));
      if (code !== 0) return finish(new Error(`${binary} exited with ${code ?? signal}; stderr:\n${tail(stderr)}`));
      finish();
    });
  });
}

/** The DOM after the page has loaded (and any script of its own has run), serialized. */
export function dumpDom(file: string, options: ChromiumOptions = {}): Promise<string> {
  return runChromium(['--dump-dom', fileUrl(file)], options);
}

/** A PNG of the viewport (`windowSize`), written to `out` and returned. */
export async function screenshot(file: string, out: string, options: ChromiumOptions = {}): Promise<Buffer> {
  await runChromium([`--screenshot=${out}`, fileUrl(file)], options);
  return readFileSync(out);
}

/** The page printed to PDF as a browser prints it (print styles, @page size), without header and footer. */
export async function printToPdf(file: string, out: string, options: ChromiumOptions = {}): Promise<Buffer> {
  await runChromium(['--no-pdf-header-footer', `--print-to-pdf=${out}`, fileUrl(file)], options);
  return readFileSync(out);
}

const fileUrl = (file: string) => pathToFileURL(file).href;

const tail = (chunks: Buffer[]) =>
  Buffer.concat(chunks)
    .toString('utf8')
    .split('\n')
    .filter((line) => !/dbus|DBus|UPower/.test(line)) // a machine without a session bus says so on every start
    .slice(-20)
    .join('\n');

export interface Png {
  width: number;
  height: number;
  /** [r, g, b, a] of the pixel at (x, y). */
  pixel(x: number, y: number): [number, number, number, number];
}

/** Decodes the 8-bit, non-interlaced RGB(A) PNGs Chromium writes (enough to look at what it painted). */
export function decodePng(png: Buffer): Png {
  if (png.subarray(0, 8).toString('binary') !== '\x89PNG\r\n\x1a\n') throw new Error('not a PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const [depth, colour, , , interlace] = data.subarray(8, 13);
      channels = colour === 6 ? 4 : colour === 2 ? 3 : 0;
      if (depth !== 8 || channels === 0 || interlace !== 0) throw new Error(`unsupported PNG (depth ${depth}, colour type ${colour}, interlace ${interlace})`);
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      break;
    }
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const left = i >= channels ? pixels[y * stride + i - channels] : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + i] : 0;
      const upLeft = y > 0 && i >= channels ? pixels[(y - 1) * stride + i - channels] : 0;
      let predicted: number;
      switch (filter) {
        case 0:
          predicted = 0;
          break;
        case 1:
          predicted = left;
          break;
        case 2:
          predicted = up;
          break;
        case 3:
          predicted = (left + up) >> 1;
          break;
        case 4: {
          const p = left + up - upLeft;
          const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
          predicted = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
          break;
        }
        default:
          throw new Error(`PNG filter ${filter} on line ${y}`);
      }
      pixels[y * stride + i] = (line[i] + predicted) & 0xff;
    }
  }
  return {
    width,
    height,
    pixel(x, y) {
      const at = Math.round(y) * stride + Math.round(x) * channels;
      return [pixels[at], pixels[at + 1], pixels[at + 2], channels === 4 ? pixels[at + 3] : 255];
    },
  };
}
