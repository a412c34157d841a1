/**
 * A sandbox's PostgreSQL schema, filled from the schema template, and — where bd may create
 * roles — a login role that can use only that schema, with the search path and tenant context
 * as its defaults. Schema, tables, role and grants are made in one transaction: they exist
 * complete or not at all.
 */
import { escapeIdentifier, escapeLiteral } from "pg";
import { inventoryFilters, renderSqlTemplate, resourceOf, resourcePatterns, tenantSetting, type ResourcePlan } from "@bd/core";
import { backendFailure } from "../backend-errors.js";
import type { CredentialVault } from "../credential-vault.js";
import { hasSqlState, SqlState, type Db, type Queryable } from "../db.js";
import type { SchemaTemplate } from "../schema-template.js";
import { sidsMatching } from "./inventory.js";
import { scramSha256Verifier } from "./password-hashes.js";
import type { Provisioner } from "./provisioner.js";

// Enough for a worker's pool and a psql session; a runaway test cannot exhaust the server.
const roleConnectionLimit = 20;

export function createPostgresProvisioner(db: Db, template: SchemaTemplate, vault: CredentialVault): Provisioner {
  const fail = (action: string, cause: unknown) => backendFailure("postgres", db.url, action, cause);
  let mayCreateRoles: Promise<boolean> | undefined;
  const canCreateRoles = () =>
    (mayCreateRoles ??= db
      .query<{ can: boolean }>("SELECT rolsuper OR rolcreaterole AS can FROM pg_roles WHERE rolname = current_user")
      .then(({ rows }) => rows[0]?.can === true));

  async function createRole(client: Queryable, plan: ResourcePlan): Promise<void> {
    const role = escapeIdentifier(plan.names.principal);
    const schema = escapeIdentifier(plan.names.pgSchema);
    const verifier = scramSha256Verifier(await vault.password("postgres", plan.sandbox.id));
    await client.query(`CREATE ROLE ${role} LOGIN NOINHERIT CONNECTION LIMIT ${roleConnectionLimit} PASSWORD ${escapeLiteral(verifier)}`);
    await client.query(`GRANT USAGE, CREATE ON SCHEMA ${schema} TO ${role}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES ON ALL TABLES IN SCHEMA ${schema} TO ${role}`);
    await client.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${schema} TO ${role}`);
    await client.query(`ALTER ROLE ${role} SET search_path TO ${schema}, public`);
    await client.query(`ALTER ROLE ${role} SET ${tenantSetting} TO ${escapeLiteral(plan.sandbox.id)}`);
  }

  return {
    kind: "postgres",

    async connect() {
      await canCreateRoles().catch((cause) => {
        mayCreateRoles = undefined;
        throw fail("connect", cause);
      });
    },

    async ensure(plan) {
      const { schema } = resourceOf(plan, "postgres");
      const files = await template.files();
      const enforce = await canCreateRoles();
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
          if (enforce) await createRole(client, plan);
        });
      } catch (cause) {
        // Schema and role are made in one transaction, so if the schema exists all of it does.
        if (!hasSqlState(cause, SqlState.DuplicateSchema)) throw fail(`create schema ${schema}`, cause);
      }
      return { isolation: enforce ? "enforced" : "namespace" };
    },

    async destroy(plan) {
      const { schema } = resourceOf(plan, "postgres");
      const role = plan.names.principal;
      try {
        await db.transaction(async (client) => {
          // Two destroys of one sandbox at once would trip over each other's catalog rows.
          await client.query("SELECT pg_advisory_xact_lock(hashtext('bd.role'), hashtext($1))", [role]);
          const { rowCount } = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role]);
          if (rowCount === 1) {
            // Refuse new logins, then end the open ones: nothing of the sandbox's keeps running.
            await client.query(`ALTER ROLE ${escapeIdentifier(role)} NOLOGIN`);
            await client.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1", [role]);
          }
          await client.query(`DROP SCHEMA IF EXISTS ${escapeIdentifier(schema)} CASCADE`);
          if (rowCount === 1) {
            await client.query(`DROP OWNED BY ${escapeIdentifier(role)}`);
            await client.query(`DROP ROLE ${escapeIdentifier(role)}`);
          }
        });
      } catch (cause) {
        throw fail(`drop schema ${schema} and role ${role}`, cause);
      }
    },

    async inspect(plan) {
      const { schema } = resourceOf(plan, "postgres");
      const { rows } = await db.query<{ exists: boolean; tables: number; role: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS exists,
                (SELECT count(*)::int FROM pg_tables WHERE schemaname = $1) AS tables,
                EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $2) AS role`,
        [schema, plan.names.principal],
      );
      const { exists = false, tables = 0, role = false } = rows[0] ?? {};
      const detail = exists ? `schema ${schema}, ${tables} tables${role ? `, role ${plan.names.principal}` : ""}` : `schema ${schema} absent`;
      return { kind: "postgres", exists, detail, isolation: role ? "enforced" : "namespace" };
    },

    async inventory() {
      const { rows } = await db.query<{ name: string }>(
        "SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE $1 UNION ALL SELECT rolname FROM pg_roles WHERE rolname LIKE $1",
        [inventoryFilters.pgLike],
      );
      return sidsMatching(rows.map((row) => row.name), resourcePatterns.principal);
    },
  };
}
