import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { jwtVerify } from 'jose';

/** `npm run token`: a wrong option is a usage message and exit code 2, never a stack trace. */
const ROOT = resolve(__dirname, '../..');
const SECRET = 'token-script-test-secret-of-32-bytes-at-least';

function token(args: string[]) {
  const run = spawnSync(process.execPath, ['scripts/token.mjs', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', AUTH_JWT_SECRET: SECRET },
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const STACK_TRACE = /^\s+at .+:\d+:\d+\)?$/m;

describe('npm run token', () => {
  it.each([
    [['--sub', 'official-1', '--roles', 'official', '--bogus'], /Unknown option '--bogus'/],
    [['--sub'], /argument missing/],
    [['--sub', 'a', '--roles', 'official', 'stray'], /Unexpected argument 'stray'/],
    [['--sub', 'a', '--roles', 'official', '--ttl', 'soon'], /--ttl takes a duration/],
  ])('%j: says what is wrong, prints the usage and exits 2', (args, problem) => {
    const run = token(args);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(problem);
    expect(run.stderr).toContain('Usage: npm run -s token -- --sub <subject> --roles <role,...>');
    expect(run.stderr).toContain('--ministry <id>');
    expect(run.stderr).toContain('Example:\n  OFFICIAL=$(npm run -s token -- --sub official-1 --roles official)');
    expect(run.stderr).not.toMatch(STACK_TRACE);
  });

  it('--help prints the usage on stdout and exits 0', () => {
    const run = token(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Usage: npm run -s token');
  });

  it('still mints a token the service would accept', async () => {
    const run = token(['--sub', 'reviewer-1', '--roles', 'reviewer', '--ministry', 'foreign-affairs', '--ttl', '8h']);
    expect(run.status).toBe(0);
    const { payload } = await jwtVerify(run.stdout.trim(), new TextEncoder().encode(SECRET));
    expect(payload).toMatchObject({ sub: 'reviewer-1', roles: ['reviewer'], ministry: 'foreign-affairs' });
    expect(payload.exp! - payload.iat!).toBe(8 * 3600);
  });
});
