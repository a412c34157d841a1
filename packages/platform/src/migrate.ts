/**
 * Forward-only numbered migrations of the control-plane schema `bd`, applied automatically on
 * first use. A session advisory lock serialises processes that start at once; each migration
 * runs in its own transaction and is recorded in bd.migrations.
 */
import { readdir, readFile } from "node:fs/promises";
import { hasSqlState, SqlState, type Db } from "./db.js";

const migrationsDir = new URL("../migrations/", import.meta.url);
// Arbitrary but fixed: the key every bd process agrees on for "migrating the control plane".
const migrateLockKey = 0x62640001;

export interface Migration {
  readonly id: number;
  readonly name: string;
  readonly sql: string;
}

export async function loadMigrations(): Promise<readonly Migration[]> {
  const files = (await readdir(migrationsDir)).filter((file) => /^\d{3}-[a-z0-9-]+\.sql$/.test(file)).sort();
  return Promise.all(
    files.map(async (file) => ({
      id: Number(file.slice(0, 3)),
      name: file.replace(/\.sql$/, ""),
      sql: await readFile(new URL(file, migrationsDir), "utf8"),
    })),
  );
}

/** Brings the control plane up to date; cheap (one query) when it already is. */
export async function migrate(db: Db): Promise<{ applied: readonly string[] }> {
  const migrations = await loadMigrations();
  const latest = migrations.at(-1)?.id ?? 0;
  if ((await currentVersion(db)) >= latest) return { applied: [] };

  return db.withClient(async (client) => {
    await client.query("SELECT pg_advisory_lock($1)", [migrateLockKey]);
    try {
      await client.query("CREATE SCHEMA IF NOT EXISTS bd");
      await client.query(
        "CREATE TABLE IF NOT EXISTS bd.migrations (id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
      );
      const { rows } = await client.query<{ id: number }>("SELECT id FROM bd.migrations");
      const done = new Set(rows.map((row) => row.id));
      const applied: string[] = [];
      for (const migration of migrations.filter((m) => !done.has(m.id))) {
        await client.query("BEGIN");
        try {
          await client.query(migration.sql);
          await client.query("INSERT INTO bd.migrations (id, name) VALUES ($1, $2)", [migration.id, migration.name]);
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK");
          throw error;
        }
        applied.push(migration.name);
      }
      return { applied };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [migrateLockKey]);
    }
  });
}

async function currentVersion(db: Db): Promise<number> {
  try {
    const { rows } = await db.query<{ version: number | null }>("SELECT max(id) AS version FROM bd.migrations");
    return rows[0]?.version ?? 0;
  } catch (error) {
    if (hasSqlState(error, SqlState.UndefinedTable) || hasSqlState(error, SqlState.InvalidSchemaName)) return 0;
    throw error;
  }
}
