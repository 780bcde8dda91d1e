/** The bundle itself, carried by the page that renders it: a download link whose data: URL holds its JSON. */
import type { AuditBundle } from './bundle';

/**
 * Chromium's limit on the length of a URL (`url::kMaxURLChars`, 2 MiB): a data: link longer than
 * this does not download in Chrome or Edge. Other browsers allow longer ones.
 */
export const MAX_PORTABLE_DATA_URL = 2 * 1024 * 1024;

export interface BundleDownload {
  /** `data:application/json;base64,…` of the JSON, exactly as the API serves it (attribute-safe). */
  href: string;
  /** A file name made only of letters, digits, `.`, `_` and `-`. */
  filename: string;
  /** Size of the JSON file, in bytes. */
  bytes: number;
  /** False when the link is too long for some browsers to save. */
  portable: boolean;
}

/**
 * The very bundle the page shows, as a file to download, with no script (a strict CSP forbids it)
 * and no second request (which would be a new bundle under a newer checkpoint: every reading of an
 * audit trail is itself recorded in the log). Base64 keeps every byte exact and the URL free of
 * characters an attribute or a URL parser would change.
 */
export function bundleDownload(bundle: AuditBundle): BundleDownload {
  const json = Buffer.from(JSON.stringify(bundle), 'utf8');
  const href = `data:application/json;base64,${json.toString('base64')}`;
  const name = `${bundle.stream}-tree-${bundle.checkpoint.treeSize}`.replace(/[^A-Za-z0-9._-]+/g, '_');
  return { href, filename: `${name}.json`, bytes: json.length, portable: href.length <= MAX_PORTABLE_DATA_URL };
}

/** A size in words: "812 bytes", "23.4 kB", "1.6 MB" (decimal units, as file managers show them). */
export function fileSize(bytes: number): string {
  const format = (value: number, unit: 'kilobyte' | 'megabyte') =>
    new Intl.NumberFormat('en-GB', { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
  if (bytes < 1_000) return `${bytes} bytes`;
  if (bytes < 1_000_000) return format(bytes / 1_000, 'kilobyte');
  return format(bytes / 1_000_000, 'megabyte');
}
