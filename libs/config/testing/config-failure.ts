import { ConfigError } from '../src/config.errors';

/** The message of the ConfigError that `run` throws (and a failed expectation if it throws none). */
export function configFailure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}
