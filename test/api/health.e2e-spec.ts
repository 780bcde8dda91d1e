import request from 'supertest';
import { startApi } from './support/api-test-app';

describe('health (e2e)', () => {
  it('is ready when the event store and Redis answer', async () => {
    const api = await startApi();
    try {
      const { body } = await request(api.app.getHttpServer()).get('/health/ready').expect(200);
      expect(body).toEqual({ status: 'ok', checks: { eventStore: 'up', redis: 'up' } });
    } finally {
      await api.close();
    }
  });

  it('is not ready, with 503 problem+json naming Redis, when Redis does not answer', async () => {
    const api = await startApi({ REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      await request(api.app.getHttpServer()).get('/health/live').expect(200);
      const response = await request(api.app.getHttpServer()).get('/health/ready').expect(503);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.checks).toEqual({ eventStore: 'up', redis: 'down' });
    } finally {
      await api.close();
    }
  });
});
