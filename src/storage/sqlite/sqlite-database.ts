// The slice of node:sqlite's DatabaseSync / StatementSync that the driver calls. Declared
// structurally (as kysely's sqlite-dialect-config does for better-sqlite3) so the dialect
// depends on behaviour, not on the node:sqlite module, and a test can hand in a fake.

export type SqliteValue = null | number | bigint | string | Uint8Array;

export interface SqliteStatement {
  /** Result columns; empty for statements that return no rows (insert/update/ddl without returning). */
  columns(): ReadonlyArray<unknown>;
  all(...parameters: SqliteValue[]): unknown[];
  run(...parameters: SqliteValue[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  iterate(...parameters: SqliteValue[]): Iterator<unknown>;
}

export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): void;
  close(): void;
}
