/**
 * A sandbox's PostgreSQL schema, filled from the schema template in the same transaction that
 * creates it: the schema either exists complete or not at all.
 */
import { escapeIdentifier } from "pg";
import { renderSqlTemplate, resourceOf, resourcePatterns, type ResourcePlan, type Sid } from "@bd/core";
import { backendFailure } from "../backend-errors.js";
import { hasSqlState, SqlState, type Db } from "../db.js";
import type { SchemaTemplate } from "../schema-template.js";
import { sidsMatching } from "./inventory.js";
import type { Provisioner } from "./provisioner.js";

export function createPostgresProvisioner(db: Db, template: SchemaTemplate): Provisioner {
  const fail = (action: string, cause: unknown) => backendFailure("postgres", db.url, action, cause);

  return {
    kind: "postgres",

    async ensure(plan: ResourcePlan) {
      const { schema } = resourceOf(plan, "postgres");
      const files = await template.files();
      try {
        await db.transaction(async (client) => {
          await client.query(`CREATE SCHEMA ${escapeIdentifier(schema)}`);
          await client.query(`SET LOCAL search_path TO ${escapeIdentifier(schema)}, public`);
          for (const file of files) {
            const values = { sandboxId: plan.sandbox.id, sandboxName: plan.sandbox.name, schema };
            await client.query(renderSqlTemplate(file.sql, values)).catch((cause: unknown) => {
              throw new Error(`template ${file.name}: ${(cause as Error).message}`, { cause });
            });
          }
        });
      } catch (cause) {
        // The schema is made in one transaction with its tables, so if it exists it is complete.
        if (hasSqlState(cause, SqlState.DuplicateSchema)) return;
        throw fail(`create schema ${schema}`, cause);
      }
    },

    async destroy(plan) {
      const { schema } = resourceOf(plan, "postgres");
      await db.query(`DROP SCHEMA IF EXISTS ${escapeIdentifier(schema)} CASCADE`).catch((cause) => {
        throw fail(`drop schema ${schema}`, cause);
      });
    },

    async inspect(plan) {
      const { schema } = resourceOf(plan, "postgres");
      const { rows } = await db.query<{ exists: boolean; tables: number }>(
        `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS exists,
                (SELECT count(*)::int FROM pg_tables WHERE schemaname = $1) AS tables`,
        [schema],
      );
      const { exists = false, tables = 0 } = rows[0] ?? {};
      return { kind: "postgres", exists, detail: exists ? `schema ${schema}, ${tables} tables` : `schema ${schema} absent`, isolation: "namespace" };
    },

    async inventory() {
      const { rows } = await db.query<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'sandbox\\_%'");
      return sidsMatching(rows.map((row) => row.nspname), resourcePatterns.pgSchema);
    },
  };
}

