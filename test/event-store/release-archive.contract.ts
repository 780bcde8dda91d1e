import { createHash, randomBytes } from 'node:crypto';
import {
  ReleaseConflictError,
  ReleaseCorruptedError,
  ReleaseMismatchError,
  releaseHash,
  type ArchivedPart,
  type ReleaseArchive,
  type ReleaseFile,
  type ReleaseManifest,
} from '@app/event-store';

export interface ReleaseArchiveFactory {
  /** Called once per test file; every test stores releases of its own (random bytes). */
  open(): Promise<ReleaseArchive>;
  /** What is stored, counted behind the archive's back. */
  counts(): Promise<{ parts: number; manifests: number }>;
  /** Replaces a stored part's bytes behind the archive's back (an UPDATE of the bytea, a file overwritten). */
  tamperPart(sha256: string, bytes: Buffer): Promise<void>;
  /** Removes a stored part behind the archive's back. */
  removePart(sha256: string): Promise<void>;
  /** Replaces a stored manifest's parts behind the archive's back; resolves to what puts it back. */
  tamperManifestParts(releaseHash: string, parts: ArchivedPart[]): Promise<() => Promise<void>>;
  /** Releases what open() created (after the archive is closed). */
  dispose(): Promise<void>;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const partOf = (file: ReleaseFile): ArchivedPart => ({ role: file.role, sha256: sha256(file.bytes), bytes: file.bytes.byteLength });

/** A release as a caller (libs/lists) describes it, from its files. */
function release(files: ReleaseFile[], extra: Partial<Omit<ReleaseManifest, 'storedAt'>> = {}): Omit<ReleaseManifest, 'storedAt'> {
  const parts = files.map(partOf);
  return { releaseHash: releaseHash(parts), format: 'ofac-sdn-csv', source: 'OFAC', releaseDate: '2021-03-01', parts, listings: 42, ...extra };
}

const file = (role: string, size = 1024): ReleaseFile => ({ role, bytes: randomBytes(size) });

/** The OFAC SDN CSV set, handed over out of role order. */
const sdnCsvSet = (): ReleaseFile[] => [file('sdn', 300_000), file('alt', 40_000), file('add', 60_000), file('sdn_comments', 0)];

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function runReleaseArchiveContract(name: string, factory: ReleaseArchiveFactory): void {
  describe(`${name} release archive contract`, () => {
    let archive: ReleaseArchive;

    beforeAll(async () => {
      archive = await factory.open();
    });
    afterAll(async () => {
      await archive?.close();
      await factory.dispose();
    });

    describe('put and read back', () => {
      it('keeps a ~5 MB file byte for byte under its SHA-256', async () => {
        const files = [file('consolidated', 5 * 1024 * 1024 + 17)];
        const described = release(files, { format: 'un-xml', source: 'UN', releaseDate: '2024-05-02T10:00:00Z', listings: 1003 });
        expect(described.releaseHash).toBe(sha256(files[0].bytes));

        const before = Date.now();
        const stored = await archive.put(described, files);
        expect(stored).toEqual({ ...described, storedAt: expect.any(String) });
        expect(stored.storedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
        expect(Math.abs(Date.parse(stored.storedAt) - before)).toBeLessThan(60_000);

        expect(await archive.manifest(described.releaseHash)).toEqual(stored);
        const back = await archive.files(described.releaseHash);
        expect(back).toHaveLength(1);
        expect(back![0].role).toBe('consolidated');
        expect(Buffer.isBuffer(back![0].bytes)).toBe(true);
        expect(back![0].bytes.equals(files[0].bytes)).toBe(true);
      });

      it('keeps a release of several files, in role order, each with its own hash, under the manifest hash', async () => {
        const files = sdnCsvSet();
        const described = release(files);
        const stored = await archive.put(described, files);

        expect(stored.parts.map((part) => part.role)).toEqual(['add', 'alt', 'sdn', 'sdn_comments']);
        const manifestText = stored.parts.map((part) => `${part.role} ${part.sha256}\n`).join('');
        expect(stored.releaseHash).toBe(sha256(Buffer.from(manifestText)));
        expect(stored.parts.find((part) => part.role === 'sdn')).toEqual(partOf(files[0]));

        const back = await archive.files(stored.releaseHash);
        expect(back!.map((part) => part.role)).toEqual(['add', 'alt', 'sdn', 'sdn_comments']);
        for (const original of files) {
          const found = back!.find((part) => part.role === original.role)!;
          expect(found.bytes.equals(original.bytes)).toBe(true);
        }
        expect(back!.find((part) => part.role === 'sdn_comments')!.bytes.byteLength).toBe(0);
      });

      it('knows nothing of a release it was never given', async () => {
        const unknown = sha256(randomBytes(8));
        expect(await archive.manifest(unknown)).toBeUndefined();
        expect(await archive.files(unknown)).toBeUndefined();
        expect(await archive.manifest('not a hash')).toBeUndefined();
      });
    });

    describe('idempotence', () => {
      it('stores nothing new for the same release again and returns the manifest first stored', async () => {
        const files = sdnCsvSet();
        const first = await archive.put(release(files), files);
        const counts = await factory.counts();
        await pause(5);

        const again = await archive.put(release(files), files.map((f) => ({ role: f.role, bytes: Buffer.from(f.bytes) })));
        expect(again).toEqual(first);
        expect(await factory.counts()).toEqual(counts);
      });

      it('stores a file shared by two releases once', async () => {
        const shared = file('add', 10_000);
        const januaryFiles = [file('sdn'), shared];
        const februaryFiles = [file('sdn'), { role: 'add', bytes: Buffer.from(shared.bytes) }];
        const counts = await factory.counts();
        await archive.put(release(januaryFiles, { releaseDate: '2021-01-01' }), januaryFiles);
        await archive.put(release(februaryFiles, { releaseDate: '2021-02-01' }), februaryFiles);
        expect(await factory.counts()).toEqual({ parts: counts.parts + 3, manifests: counts.manifests + 2 });
      });

      it('two puts of one new release at once store it once, and both return the same manifest', async () => {
        const files = sdnCsvSet();
        const counts = await factory.counts();
        const [a, b] = await Promise.all([archive.put(release(files), files), archive.put(release(files), files)]);
        expect(a).toEqual(b);
        // Four parts, but the empty sdn_comments file was stored already, by an earlier release.
        expect(await factory.counts()).toEqual({ parts: counts.parts + 3, manifests: counts.manifests + 1 });
      });

      it('refuses the same release hash described otherwise, and keeps the first description', async () => {
        const files = [file('consolidated')];
        const first = await archive.put(release(files, { releaseDate: '2021-03-01' }), files);
        const conflict = await errorOf(archive.put(release(files, { releaseDate: '2021-03-02', listings: 43 }), files));
        expect(conflict).toBeInstanceOf(ReleaseConflictError);
        expect(conflict).toMatchObject({ code: 'EVENT_STORE.RELEASE_CONFLICT', releaseHash: first.releaseHash, differs: ['releaseDate', 'listings'] });
        expect(await archive.manifest(first.releaseHash)).toEqual(first);
      });
    });

    describe('refusals: nothing the caller states is trusted', () => {
      async function refused(manifest: Omit<ReleaseManifest, 'storedAt'>, files: ReleaseFile[]): Promise<ReleaseMismatchError> {
        const counts = await factory.counts();
        const error = await errorOf(archive.put(manifest, files));
        expect(error).toBeInstanceOf(ReleaseMismatchError);
        expect(error).toMatchObject({ code: 'EVENT_STORE.RELEASE_MISMATCH' });
        expect(await factory.counts()).toEqual(counts);
        expect(await archive.manifest(manifest.releaseHash)).toBeUndefined();
        return error as ReleaseMismatchError;
      }

      it('a release hash that is not what the parts hash to', async () => {
        const files = sdnCsvSet();
        const wrong = sha256(randomBytes(8));
        expect((await refused({ ...release(files), releaseHash: wrong }, files)).message).toContain(release(files).releaseHash);
      });

      it('a release hash that the stated parts hash to but the bytes do not', async () => {
        const files = sdnCsvSet();
        const described = release(files);
        const swapped = files.map((f) => (f.role === 'alt' ? { role: 'alt', bytes: randomBytes(f.bytes.byteLength) } : f));
        expect((await refused(described, swapped)).message).toMatch(/part alt: stated sha256/);
      });

      it('a stated length that is not the file length', async () => {
        const files = [file('consolidated', 100)];
        const described = release(files);
        await refused({ ...described, parts: [{ ...described.parts[0], bytes: 99 }] }, files);
      });

      it('parts that are not the files given', async () => {
        const files = sdnCsvSet();
        await refused(release(files), files.slice(1));
        await refused(release(files.slice(1)), files);
        await refused(release(files), [...files, { role: 'sdn', bytes: files[0].bytes }]);
        await refused(release([]), []);
      });
    });

    describe('list', () => {
      it('is newest first and pages on with before', async () => {
        const stored: ReleaseManifest[] = [];
        for (let i = 0; i < 3; i++) {
          const files = [file('consolidated', 64)];
          stored.push(await archive.put(release(files, { releaseDate: `2022-0${i + 1}-01` }), files));
          await pause(5);
        }
        const [r1, r2, r3] = stored;
        expect((await archive.list({ limit: 2 })).map((m) => m.releaseHash)).toEqual([r3.releaseHash, r2.releaseHash]);
        const next = await archive.list({ limit: 2, before: r2.releaseHash });
        expect(next[0]).toEqual(r1);

        const all = await archive.list({ limit: 1000 });
        expect(all.length).toBe((await factory.counts()).manifests);
        for (let i = 1; i < all.length; i++) expect(Date.parse(all[i - 1].storedAt)).toBeGreaterThanOrEqual(Date.parse(all[i].storedAt));
        expect(all.slice(0, 3)).toEqual([r3, r2, r1]);
        expect(await archive.list()).toEqual(all.slice(0, 100));
      });

      it('refuses a cursor that names no release, and a limit out of range', async () => {
        await expect(archive.list({ before: sha256(randomBytes(8)) })).rejects.toThrow(RangeError);
        await expect(archive.list({ before: 'nope' })).rejects.toThrow();
        await expect(archive.list({ limit: 0 })).rejects.toThrow(RangeError);
        await expect(archive.list({ limit: 1001 })).rejects.toThrow(RangeError);
      });
    });

    describe('tampering in storage is detected on read', () => {
      async function storedSet(): Promise<{ manifest: ReleaseManifest; files: ReleaseFile[] }> {
        const files = sdnCsvSet();
        return { manifest: await archive.put(release(files), files), files };
      }

      it('a part changed in place, keeping its length', async () => {
        const { manifest, files } = await storedSet();
        const sdn = manifest.parts.find((part) => part.role === 'sdn')!;
        const changed = Buffer.from(files[0].bytes);
        changed[1234] ^= 0x01;
        await factory.tamperPart(sdn.sha256, changed);

        const error = await errorOf(archive.files(manifest.releaseHash));
        expect(error).toBeInstanceOf(ReleaseCorruptedError);
        expect(error).toMatchObject({ code: 'EVENT_STORE.RELEASE_CORRUPTED', releaseHash: manifest.releaseHash, sha256: sdn.sha256 });
        // The manifest itself is intact.
        expect(await archive.manifest(manifest.releaseHash)).toEqual(manifest);
      });

      it('a part cut short, and a part removed', async () => {
        const { manifest, files } = await storedSet();
        const alt = manifest.parts.find((part) => part.role === 'alt')!;
        await factory.tamperPart(alt.sha256, files[1].bytes.subarray(0, 100));
        await expect(archive.files(manifest.releaseHash)).rejects.toThrow(ReleaseCorruptedError);

        const other = await storedSet();
        const add = other.manifest.parts.find((part) => part.role === 'add')!;
        await factory.removePart(add.sha256);
        await expect(archive.files(other.manifest.releaseHash)).rejects.toThrow(/missing/);
      });

      it('a manifest whose parts were changed no longer matches its release hash', async () => {
        const { manifest } = await storedSet();
        const forged = manifest.parts.map((part) => (part.role === 'sdn' ? { ...part, sha256: sha256(randomBytes(8)) } : part));
        const restore = await factory.tamperManifestParts(manifest.releaseHash, forged);
        try {
          await expect(archive.manifest(manifest.releaseHash)).rejects.toThrow(ReleaseCorruptedError);
          await expect(archive.files(manifest.releaseHash)).rejects.toThrow(ReleaseCorruptedError);
          await expect(archive.list({ limit: 1000 })).rejects.toThrow(ReleaseCorruptedError);
        } finally {
          await restore();
        }
        expect(await archive.manifest(manifest.releaseHash)).toEqual(manifest);
      });
    });
  });
}
