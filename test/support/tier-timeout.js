// A tier's default test timeout (jest.config.js `tier(..., { testTimeout })`).
jest.setTimeout(globalThis.TIER_TEST_TIMEOUT_MS);
