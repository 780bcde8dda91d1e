export const CONSOLE_SESSIONS = Symbol('CONSOLE_SESSIONS');
export const CONSOLE_OIDC = Symbol('CONSOLE_OIDC');
export const CONSOLE_ROLES = 'console:roles';
/** The console's error pages, for errors that reach the global filter on a page path. */
export const PAGE_ERRORS = Symbol('PAGE_ERRORS');
