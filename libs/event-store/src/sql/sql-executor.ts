/** The little the shared SQL layer needs from a driver: what `pg` and PGlite both provide. */
export type SqlParam = string | number | boolean | null;

export interface SqlQueryable {
  /** One statement, with $n parameters. */
  query<Row>(sql: string, params?: readonly SqlParam[]): Promise<Row[]>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface SqlExecutor extends SqlQueryable {
  /** Runs `work` in one transaction on one connection: COMMIT if it resolves, ROLLBACK if it throws. */
  transaction<T>(work: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** SQLSTATE and constraint of a driver error, if it is one (pg and PGlite both expose these fields). */
export function databaseErrorOf(error: unknown): { code?: string; constraint?: string } {
  if (typeof error !== 'object' || error === null) return {};
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  return {
    code: typeof code === 'string' ? code : undefined,
    constraint: typeof constraint === 'string' ? constraint : undefined,
  };
}
