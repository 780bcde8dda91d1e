import { Writable } from 'node:stream';
import pino from 'pino';
import { loadConfig } from './app.config';
import { loggerOptions } from './log.config';
import { configFailure as failure } from '../testing/config-failure';

const secret = { AUTH_JWT_SECRET: 'a-development-secret-of-32-bytes-or-more' };

/** A pino logger with the shared options, writing its JSON lines into an array. */
function recording(level: 'info' | 'debug' = 'info') {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({ write: (chunk, _encoding, done) => (lines.push(JSON.parse(String(chunk))), done()) });
  return { logger: pino(loggerOptions({ level, format: 'json' }), sink), lines };
}

describe('LOG_LEVEL and LOG_FORMAT', () => {
  it('default to info and JSON lines', () => {
    expect(loadConfig(secret).log).toEqual({ level: 'info', format: 'json' });
    expect(loadConfig({ ...secret, LOG_LEVEL: 'debug', LOG_FORMAT: 'pretty' }).log).toEqual({ level: 'debug', format: 'pretty' });
  });

  it.each([
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL'],
    [{ LOG_FORMAT: 'text' }, 'LOG_FORMAT'],
  ])('refuse a value they do not know: %p', (env, variable) => {
    expect(failure(() => loadConfig({ ...secret, ...env }))).toMatch(new RegExp(`^${variable}:`));
  });

  it('write level names, ISO times and the message under `message`', () => {
    const { logger, lines } = recording();
    logger.warn({ context: 'Test' }, 'hello');
    logger.debug('below the level');
    expect(lines).toEqual([{ level: 'warn', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), pid: process.pid, hostname: expect.any(String), context: 'Test', message: 'hello' }]);
  });

  it('censor credentials and bodies whoever logs them', () => {
    const { logger, lines } = recording();
    logger.info({ req: { method: 'POST', headers: { authorization: 'Bearer secret-token', cookie: 'sid=secret-cookie' }, body: { evidence: 'secret-evidence' } } }, 'x');
    logger.info({ headers: { authorization: 'Bearer secret-token' }, body: 'secret-evidence' }, 'y');
    const text = JSON.stringify(lines);
    expect(text).not.toMatch(/secret-token|secret-cookie|secret-evidence/);
    expect(lines[0].req).toEqual({ method: 'POST', headers: { authorization: '[redacted]', cookie: '[redacted]' }, body: '[redacted]' });
  });

  it('a pretty format goes through pino-pretty, not JSON formatters', () => {
    const options = loggerOptions({ level: 'info', format: 'pretty' });
    expect(options.transport).toMatchObject({ target: 'pino-pretty' });
    expect(options.formatters).toBeUndefined();
  });
});
