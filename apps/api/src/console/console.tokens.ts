export const CONSOLE_SESSIONS = Symbol('CONSOLE_SESSIONS');
export const CONSOLE_OIDC = Symbol('CONSOLE_OIDC');
export const CONSOLE_ROLES = 'console:roles';
