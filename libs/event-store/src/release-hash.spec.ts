import { releaseHash } from './release-hash';

const a = 'a'.repeat(64);
const b = 'b'.repeat(64);

describe('releaseHash', () => {
  it('is the SHA-256 of the one file of a single-file release', () => {
    expect(releaseHash([{ role: 'consolidated', sha256: a }])).toBe(a);
  });

  it('is the SHA-256 of the `role sha256\\n` manifest in role order for several files', () => {
    // printf 'add %s\nsdn %s\n' bbb…b aaa…a | sha256sum
    const expected = '4d27d78dba8c7f71cf6cd4558374e2530b86ff76b2296c62398b06b901a53827';
    expect(releaseHash([{ role: 'sdn', sha256: a }, { role: 'add', sha256: b }])).toBe(expected);
    expect(releaseHash([{ role: 'add', sha256: b }, { role: 'sdn', sha256: a }])).toBe(expected);
  });
});
