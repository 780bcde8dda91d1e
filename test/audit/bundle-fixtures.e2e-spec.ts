import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { verifyBundle } = require('../../bin/sanctions-verify.js') as { verifyBundle: (bundle: unknown, options: object) => { events: number; included: number; pending: number } };

/**
 * The committed bundles of both formats (test/audit/fixtures, written by write-fixtures.ts from one
 * log): what a verifier written against either format can check itself with. sanctions-verify,
 * as a court runs it, accepts both and refuses each of them changed.
 */
const fixtures = join(__dirname, 'fixtures');
const read = (name: string) => JSON.parse(readFileSync(join(fixtures, name), 'utf8')) as Record<string, any>;
const jwks = read('jwks.json');
const verifier = join(__dirname, '../../bin/sanctions-verify.js');
const dir = mkdtempSync(join(tmpdir(), 'bundle-fixtures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const flipHex = (hex: string) => (hex[0] === 'a' ? 'b' : 'a') + hex.slice(1);

describe.each([
  ['sanctions-audit-bundle/1', 'bundle-v1.json'],
  ['sanctions-audit-bundle/2', 'bundle-v2.json'],
])('the %s fixture', (format, file) => {
  const bundle = read(file);

  it('verifies, in process and with the command line', () => {
    expect(bundle.format).toBe(format);
    expect(verifyBundle(bundle, { jwks })).toMatchObject({ events: 4, included: 3, pending: 1 });
    const cli = spawnSync(process.execPath, [verifier, join(fixtures, file), '--jwks', join(fixtures, 'jwks.json')], { encoding: 'utf8' });
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0);
    expect(cli.stdout).toContain('4 events, hash chain sound');
    expect(cli.stdout).toContain('3 included in checkpoint');
  });

  const tamperings: [string, (b: Record<string, any>) => void, RegExp][] = [
    ['a changed event', (b) => (b.events[1].data.approvedBy = 'someone-else'), /event 1 .*its content does not match its hash/],
    ['a dropped event', (b) => b.events.splice(1, 1), /events cut off or added|expected revision 1/],
    [
      'a wrong proof node',
      (b) => (b.multiproof ? (b.multiproof[0] = flipHex(b.multiproof[0])) : (b.events[0].inclusionProof[0] = flipHex(b.events[0].inclusionProof[0]))),
      /inclusion proof fails|the multiproof gives another root/,
    ],
    [
      // Format 1: the path's top, which the verifier has already proven for event 0 and remembers.
      'a wrong proof node near the root, of a later event',
      (b) => {
        const proof: string[] = b.multiproof ?? b.events[2].inclusionProof;
        proof[proof.length - 1] = flipHex(proof[proof.length - 1]);
      },
      /inclusion proof fails|the multiproof gives another root/,
    ],
    ['a proof node left out', (b) => (b.multiproof ? b.multiproof.pop() : b.events[2].inclusionProof.pop()), /inclusion proof fails|nodes missing or left over/],
    ['a cut-off tail', (b) => b.events.pop(), /holds 3 events; the service signed that it holds 4 \(events cut off or added\)/],
    ['a covered event presented as not yet covered', (b) => ((b.events[2].leafIndex = null), (b.events[2].inclusionProof = null)), /recorded before the checkpoint but given no/],
  ];

  it.each(tamperings)('refuses %s, naming what failed', (_what, tamper, failure) => {
    const changed = structuredClone(bundle);
    tamper(changed);
    expect(() => verifyBundle(changed, { jwks })).toThrow(failure);
    const path = join(dir, `${format.replace('/', '-')}-${_what.replace(/ /g, '-')}.json`);
    writeFileSync(path, JSON.stringify(changed));
    const cli = spawnSync(process.execPath, [verifier, path, '--jwks', join(fixtures, 'jwks.json')], { encoding: 'utf8' });
    expect(cli.status).toBe(1);
    expect(cli.stderr).toMatch(/^FAILED /);
  });
});
