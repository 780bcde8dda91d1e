import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { ListReleasesOptions, ReleaseArchive, ReleaseFile, ReleaseManifest } from './release-archive.port';
import {
  checkListOptions,
  checkRelease,
  SHA256_HEX,
  sameRelease,
  unknownCursor,
  verifyManifest,
  verifyPart,
  type ReleaseDescription,
} from './release-archive.check';
import { ReleaseCorruptedError } from './release-archive.errors';

const MANIFEST_FILE = /^([0-9a-f]{64})\.json$/;

/**
 * The release archive on a filesystem, for a store that has no database of its own to keep it in
 * (the EventStoreDB adapter):
 *
 *   <dir>/parts/<sha256[0..1]>/<sha256>   each part's exact bytes
 *   <dir>/manifests/<releaseHash>.json    each release's manifest
 *
 * Every file is written once: to a temporary file beside it, fsync'd, then linked into place, which
 * (unlike a rename) never replaces a file already there, so the first manifest stored stays the one
 * stored even when two writers race; the directory is fsync'd after. The parts are in place before
 * the manifest that names them. Nothing is ever rewritten or removed. list() reads every manifest
 * (a few per list and day: thousands, not millions).
 */
export function createFileReleaseArchive(dir: string): ReleaseArchive {
  if (typeof dir !== 'string' || dir.length === 0) throw new TypeError('createFileReleaseArchive: a directory is required');
  const root = resolve(dir);
  const partsDir = join(root, 'parts');
  const manifestsDir = join(root, 'manifests');
  const partPath = (sha256: string) => join(partsDir, sha256.slice(0, 2), sha256);
  const manifestPath = (releaseHash: string) => join(manifestsDir, `${releaseHash}.json`);

  async function readManifest(releaseHash: string): Promise<ReleaseManifest | undefined> {
    const text = await readIfExists(manifestPath(releaseHash));
    if (text === undefined) return undefined;
    let parsed: ReleaseManifest;
    try {
      parsed = JSON.parse(text.toString('utf8')) as ReleaseManifest;
    } catch {
      throw new ReleaseCorruptedError(releaseHash, 'its manifest is not JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || typeof parsed.storedAt !== 'string') {
      throw new ReleaseCorruptedError(releaseHash, 'its manifest is malformed');
    }
    return verifyManifest(releaseHash, parsed);
  }

  async function put(description: ReleaseDescription, files: readonly ReleaseFile[]): Promise<ReleaseManifest> {
    const { manifest, files: checked } = checkRelease(description, files);
    const stored = await readManifest(manifest.releaseHash);
    if (stored) return sameRelease(stored, manifest);
    for (const file of checked) await writeOnce(partPath(file.sha256), file.bytes);
    const record: ReleaseManifest = { ...manifest, storedAt: new Date().toISOString() };
    if (await writeOnce(manifestPath(manifest.releaseHash), Buffer.from(`${JSON.stringify(record, null, 2)}\n`))) return record;
    // Another writer linked its manifest first: that one is the release as first stored.
    return sameRelease((await readManifest(manifest.releaseHash))!, manifest);
  }

  async function files(releaseHash: string): Promise<ReleaseFile[] | undefined> {
    if (typeof releaseHash !== 'string' || !SHA256_HEX.test(releaseHash)) return undefined;
    const manifest = await readManifest(releaseHash);
    if (!manifest) return undefined;
    const result: ReleaseFile[] = [];
    for (const part of manifest.parts) result.push(verifyPart(releaseHash, part, await readIfExists(partPath(part.sha256))));
    return result;
  }

  async function list(options?: ListReleasesOptions): Promise<ReleaseManifest[]> {
    const { limit, before } = checkListOptions(options);
    const names = await readdir(manifestsDir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    });
    const manifests: ReleaseManifest[] = [];
    for (const name of names) {
      const match = MANIFEST_FILE.exec(name);
      if (match) manifests.push((await readManifest(match[1]))!);
    }
    manifests.sort((a, b) => compareNewestFirst(a, b));
    let start = 0;
    if (before !== undefined) {
      const at = manifests.findIndex((manifest) => manifest.releaseHash === before);
      if (at < 0) throw unknownCursor(before);
      start = at + 1;
    }
    return manifests.slice(start, start + limit);
  }

  return {
    put,
    manifest: async (releaseHash) => (typeof releaseHash === 'string' && SHA256_HEX.test(releaseHash) ? readManifest(releaseHash) : undefined),
    files,
    list,
    close: async () => undefined,
  };
}

function compareNewestFirst(a: ReleaseManifest, b: ReleaseManifest): number {
  const at = Date.parse(b.storedAt) - Date.parse(a.storedAt);
  if (at !== 0) return at;
  return a.releaseHash < b.releaseHash ? 1 : a.releaseHash > b.releaseHash ? -1 : 0;
}

async function readIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Writes `bytes` at `path` unless a file is there already; true if this call wrote it. */
async function writeOnce(path: string, bytes: Buffer): Promise<boolean> {
  if (await exists(path)) return false;
  const directory = dirname(path);
  const created = await mkdir(directory, { recursive: true });
  // Each directory made here is an entry in its parent, which has to reach the disk too.
  if (created !== undefined) {
    for (let made = directory; ; made = dirname(made)) {
      await fsyncDirectory(dirname(made));
      if (made === created || dirname(made) === made) break;
    }
  }
  const temporary = join(directory, `.${randomBytes(8).toString('hex')}.tmp`);
  const handle = await open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  let wrote: boolean;
  try {
    await link(temporary, path);
    wrote = true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') wrote = false;
    else if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS' || code === 'EOPNOTSUPP') {
      // A filesystem without hard links: rename, which is atomic but would replace a file that
      // appeared since the check above (a racing writer of the same content-addressed file).
      if (await exists(path)) wrote = false;
      else {
        await rename(temporary, path);
        await fsyncDirectory(directory);
        return true;
      }
    } else throw error;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
  await fsyncDirectory(directory);
  return wrote;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

async function fsyncDirectory(path: string): Promise<void> {
  const handle = await open(path, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
