import type { LoggerService } from '@nestjs/common';
import request from 'supertest';
import { startApi, token } from './support/api-test-app';

/** Keeps every log record, as JSON text, to search it the way an operator's log store would. */
class RecordingLogger implements LoggerService {
  readonly lines: string[] = [];
  log(message: unknown, ...context: unknown[]) { this.lines.push(JSON.stringify([message, ...context])); }
  error(message: unknown, ...context: unknown[]) { this.log(message, ...context); }
  warn(message: unknown, ...context: unknown[]) { this.log(message, ...context); }
  debug(message: unknown, ...context: unknown[]) { this.log(message, ...context); }
  verbose(message: unknown, ...context: unknown[]) { this.log(message, ...context); }
}

describe('request logging (e2e)', () => {
  it('logs each request with its correlation id, and never the token or the evidence', async () => {
    const logger = new RecordingLogger();
    const api = await startApi({}, logger);
    try {
      const bearer = await token('official-1', ['official']);
      const secretEvidence = 'SECRET-EVIDENCE-7f3a9c';
      await request(api.app.getHttpServer())
        .post('/designations')
        .set('authorization', `Bearer ${bearer}`)
        .set('x-request-id', 'corr-12345')
        .send({ statementOfReasons: secretEvidence, attribution: { confidence: 'high', evidence: [{ summary: secretEvidence }] } })
        .expect(400);
      const all = logger.lines.join('\n');
      expect(all).toContain('corr-12345');
      expect(all).toContain('"status":400');
      expect(all).not.toContain(bearer);
      expect(all).not.toContain(bearer.split('.')[2]);
      expect(all).not.toContain(secretEvidence);
    } finally {
      await api.close();
    }
  });
});
