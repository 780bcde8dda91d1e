import type { ListFormat } from '@app/lists';
import { UsageError } from './lists-errors';
import type { Service } from './lists-http';
import { firstFew, table, write } from './lists-output';
import { manifestLine, uploadRelease } from './lists-upload';

/** A partner's release as recorded (POST /partners/releases). */
interface PartnerReleaseSummary {
  listId: string;
  release: { releaseHash: string; releaseDate: string; source: string; listings: number };
  counts: { added: number; removed: number; amended: number; unchanged: number };
  changesRecorded: { designationId: string; reference: string; change: 'delisted' | 'amended' }[];
  candidates: number;
}

/** `--programs A,B`: the partner's programs whose new listings become alignment candidates. */
export function programsOption(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const programs = value.split(',').map((p) => p.trim()).filter(Boolean);
  if (programs.length === 0) throw new UsageError('--programs takes a comma-separated list of the partner\'s programs, e.g. --programs Al-Qaida,DPRK');
  return programs;
}

/**
 * `lists watch`: uploads a partner's release and records it: what changed at the partner, which of
 * our designations were told (they cite a delisted or amended entry), how many new candidates.
 */
export async function watchRelease(client: Service, format: ListFormat, paths: string[], options: { releaseDate?: string; programs?: string[] }): Promise<void> {
  const { manifest, created } = await uploadRelease(client, format, paths, options.releaseDate);
  write(manifestLine(manifest, created));
  const { body } = await client.post<PartnerReleaseSummary>('/partners/releases', {
    json: { releaseHash: manifest.releaseHash, ...(options.programs ? { programs: options.programs } : {}) },
  }, 600_000);
  write('');
  write(`recorded as ${body.listId}'s release of ${body.release.releaseDate}; at the partner, since its previous release:`);
  const { added, removed, amended, unchanged } = body.counts;
  table({ added, removed, amended, unchanged, 'designations told': body.changesRecorded.length, 'new candidates': body.candidates });
  firstFew(body.changesRecorded, (c) => `> ${c.designationId}  cites ${c.reference}, ${c.change} at the partner`, 'told');
  if (body.changesRecorded.length > 0) write('Each designation told has a review reminder to its reviewing ministries.');
  if (body.candidates > 0) write(`${body.candidates} new alignment candidate${body.candidates === 1 ? '' : 's'}: GET /alignment/candidates?status=open to propose or dismiss them.`);
}
