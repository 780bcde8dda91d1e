import { lifecycleScenario } from './lifecycle.scenario';
import { startApi } from './support/api-test-app';

describe('lifecycle over HTTP on pglite (e2e)', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  beforeAll(async () => {
    api = await startApi({ EVENT_STORE: 'pglite' });
  }, 30_000);
  afterAll(() => api.close());

  lifecycleScenario(() => api.app);
});
