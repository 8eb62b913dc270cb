/** A raw query on the SQLite store's file (rows as objects): for what Keyv cannot do in one statement. */
export type SqliteQuery = (sql: string, ...params: unknown[]) => Promise<Record<string, unknown>[]>;
