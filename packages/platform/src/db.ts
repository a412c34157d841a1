/**
 * The control plane's PostgreSQL access: a small pool, a transaction helper, and one place
 * that turns "could not connect" into BACKEND_UNAVAILABLE naming the (redacted) URL.
 */
import pg from "pg";
import { isUnreachable, unreachable } from "./backend-errors.js";

/** Anything that runs one parameterised statement: the pool or a client inside a transaction. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<pg.QueryResult<R>>;
}

export interface Db extends Queryable {
  readonly url: string;
  withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DbOptions {
  readonly url: string;
  readonly max?: number;
  readonly applicationName?: string;
}

export function createDb(options: DbOptions): Db {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 10_000,
    application_name: options.applicationName ?? "bd",
  });
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on("error", () => {});

  // SQL errors pass through untouched (callers match SQLSTATEs); lost connections get a clear line.
  const rethrow = (cause: unknown): never => {
    throw isUnreachable(cause) ? unreachable("postgres", options.url, cause) : cause;
  };

  async function connect(): Promise<pg.PoolClient> {
    return pool.connect().catch(rethrow);
  }

  const db: Db = {
    url: options.url,
    async query(sql, params) {
      const client = await connect();
      try {
        return await client.query(sql, params);
      } catch (error) {
        return rethrow(error);
      } finally {
        client.release();
      }
    },
    async withClient(fn) {
      const client = await connect();
      try {
        return await fn(client);
      } catch (error) {
        return rethrow(error);
      } finally {
        client.release();
      }
    },
    async transaction(fn) {
      return db.withClient(async (client) => {
        await client.query("BEGIN");
        try {
          const result = await fn(client);
          await client.query("COMMIT");
          return result;
        } catch (error) {
          await client.query("ROLLBACK").catch(() => {});
          throw error;
        }
      });
    },
    async close() {
      await pool.end();
    },
  };
  return db;
}

/** SQLSTATE codes bd reacts to, by name. */
export const SqlState = {
  UniqueViolation: "23505",
  UndefinedTable: "42P01",
  InvalidSchemaName: "3F000",
  DuplicateSchema: "42P06",
} as const;

export function hasSqlState(error: unknown, state: string): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === state;
}
