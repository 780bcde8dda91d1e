export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Stops the boot with a message that names the variable to fix. */
export function fail(name: string, problem: string): never {
  throw new ConfigError(`${name}: ${problem}`);
}
