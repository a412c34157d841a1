import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import pg from "pg";
import { createDb, loadMigrations, migrate } from "@bd/platform";
import { testConfig } from "../../../test-support/servers.ts";

test("migrations apply once when several processes start on a fresh database at once", async () => {
  const admin = new pg.Client({ connectionString: testConfig().databaseUrl });
  await admin.connect();
  const database = `bd_test_${randomBytes(4).toString("hex")}`;
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(testConfig().databaseUrl);
  url.pathname = `/${database}`;
  const dbs = Array.from({ length: 4 }, () => createDb({ url: url.toString() }));
  try {
    const results = await Promise.all(dbs.map((db) => migrate(db)));
    const migrations = await loadMigrations();
    assert.equal(results.flatMap((r) => r.applied).length, migrations.length, "each migration ran exactly once in all");
    const { rows } = await dbs[0]!.query<{ id: number }>("SELECT id FROM bd.migrations ORDER BY id");
    assert.deepEqual(rows.map((r) => r.id), migrations.map((m) => m.id));
    assert.deepEqual((await migrate(dbs[0]!)).applied, [], "a later start applies nothing");
  } finally {
    await Promise.all(dbs.map((db) => db.close()));
    await admin.query(`DROP DATABASE ${database} WITH (FORCE)`);
    await admin.end();
  }
});
