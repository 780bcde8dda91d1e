/** How `lists` fails: bad usage (exit 2, with the usage), or a refusal or fault worth one line (exit 1). Never a stack trace. */

/** The command line is wrong: the message, then the usage; exit 2. */
export class UsageError extends Error {}

/** Something the user should read as one line, `error: <message>`; exit 1. */
export class CliError extends Error {
  constructor(
    message: string,
    /** The service away, overloaded or restarting: asking again later may work. */
    readonly transient = false,
  ) {
    super(message);
  }
}

/** An RFC 9457 problem as the service answers it (application/problem+json). */
export interface Problem {
  status?: number;
  code?: string;
  detail?: string;
  title?: string;
  part?: string;
  line?: number;
  column?: number;
  element?: string;
  errors?: { field: string; messages: string[] }[];
}

export function isProblem(body: unknown): body is Problem {
  return typeof body === 'object' && body !== null && typeof (body as Problem).code === 'string';
}

/**
 * `<code>: <detail> (line N, <element>)`: where in the file, from the problem's own fields, unless
 * the detail already says it (a refused list file's detail does); field errors of a refused body
 * after it, the first few.
 */
export function problemLine(problem: Problem): string {
  const detail = (problem.detail ?? problem.title ?? '').trim();
  const where = [
    problem.part,
    problem.line === undefined ? undefined : `line ${problem.line}`,
    problem.element === undefined ? undefined : `<${problem.element}>`,
  ].filter((w): w is string => w !== undefined && !detail.includes(w));
  const fields = (problem.errors ?? []).slice(0, 3).map((e) => `${e.field}: ${e.messages.join(', ')}`);
  const more = (problem.errors?.length ?? 0) > 3 ? [`${problem.errors!.length - 3} more`] : [];
  return [`${problem.code}: ${detail}`, where.length ? ` (${where.join(', ')})` : '', fields.length ? ` [${[...fields, ...more].join('; ')}]` : ''].join('');
}
