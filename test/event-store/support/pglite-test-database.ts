import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

// initdb takes seconds and ~700 MiB; copying an initialised, closed data directory and reopening it
// takes well under one. The template is keyed by PGlite's version so an upgrade rebuilds it.
const VERSION = pgliteVersion();
const TEMPLATE = join(tmpdir(), `event-store-pglite-template-${VERSION}`);

export interface TestPglite {
  db: PGlite;
  dataDir: string;
  close(): Promise<void>;
}

/** A fresh data directory holding an initialised, empty cluster; the caller removes it. */
export async function freshPgliteDataDir(): Promise<string> {
  await ensureTemplate();
  const dataDir = mkdtempSync(join(tmpdir(), 'event-store-pglite-'));
  cpSync(TEMPLATE, dataDir, { recursive: true });
  return dataDir;
}

export async function openTestPglite(): Promise<TestPglite> {
  const dataDir = await freshPgliteDataDir();
  const db = await PGlite.create(dataDir);
  return {
    db,
    dataDir,
    async close() {
      if (!db.closed) await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function ensureTemplate(): Promise<void> {
  if (existsSync(TEMPLATE)) return;
  const building = mkdtempSync(join(tmpdir(), 'event-store-pglite-building-'));
  const db = await PGlite.create(building);
  await db.close();
  try {
    // Atomic: a concurrent worker that built its own copy loses the rename and drops it.
    renameSync(building, TEMPLATE);
  } catch {
    rmSync(building, { recursive: true, force: true });
  }
}

function pgliteVersion(): string {
  const entry = require.resolve('@electric-sql/pglite');
  const manifest = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}
