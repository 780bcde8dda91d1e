import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const repo = resolve(__dirname, '../..');

function specsUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : specsUnder(path);
    return entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** `x.spec.ts` tests `x.ts` beside it; property tests over a whole file may be `x.properties.spec.ts`. */
const sourceOf = (spec: string) => spec.replace(/(\.properties)?\.spec\.ts$/, '.ts');

describe('unit specs', () => {
  it('are named after the source file beside them', () => {
    const specs = ['apps', 'libs'].flatMap((dir) => specsUnder(join(repo, dir)));
    expect(specs.length).toBeGreaterThan(0);
    expect(specs.filter((spec) => !existsSync(sourceOf(spec))).map((spec) => relative(repo, spec))).toEqual([]);
  });
});
