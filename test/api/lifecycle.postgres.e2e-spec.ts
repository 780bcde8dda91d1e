import { lifecycleScenario } from './lifecycle.scenario';
import { startApi } from './support/api-test-app';

describe('lifecycle over HTTP on postgres (e2e)', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  beforeAll(async () => {
    api = await startApi({ EVENT_STORE: 'postgres' });
  }, 30_000);
  afterAll(() => api.close());

  lifecycleScenario(() => api.app);
});
