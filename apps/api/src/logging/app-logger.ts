import { Logger, PinoLogger, type Params } from 'nestjs-pino';

/** Nest's boot listing, a line per controller and per route: detail for debugging, not news at info. */
const BOOT_LISTING = new Set(['RoutesResolver', 'RouterExplorer']);

/** nestjs-pino's Nest logger, with Nest's route listing at debug. */
export class AppLogger extends Logger {
  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams.at(-1);
    if (typeof context === 'string' && BOOT_LISTING.has(context)) this.debug(message, ...optionalParams);
    else super.log(message, ...optionalParams);
  }
}

/**
 * The logger Nest itself logs through, outside any module. It writes through nestjs-pino's one pino
 * root of the process, the same that writes the request lines (request-log.ts, from Fastify's hooks).
 */
export function appLogger(params: Params): AppLogger {
  return new AppLogger(new PinoLogger(params), params);
}
