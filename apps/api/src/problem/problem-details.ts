import { ErrorCode, type DomainError } from '@app/domain';

/** RFC 9457 problem details, served as `application/problem+json`. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** The stable domain rule code, for clients to branch on. */
  code?: string;
  /** Field-level validation failures. */
  errors?: Array<{ field: string; messages: string[] }>;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function titleFor(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}

/**
 * Not having the role is 403. Four-eyes (deciding on one's own proposal) is a rule of the
 * designation, like any other, so it is 409 with its code.
 */
const FORBIDDEN: readonly string[] = [ErrorCode.RoleRequired, ErrorCode.NotProposer, ErrorCode.MinistryNotResponsible];
const NOT_FOUND: readonly string[] = [ErrorCode.NotFound, ErrorCode.ExemptionNotFound];

/** A rule the command broke: who may not do it (403), what is not there (404), bad input (400), or a rule (409). */
export function statusForDomainError(error: DomainError): number {
  if (FORBIDDEN.includes(error.code)) return 403;
  if (NOT_FOUND.includes(error.code)) return 404;
  if (error.code.startsWith('INPUT.')) return 400;
  return 409;
}
