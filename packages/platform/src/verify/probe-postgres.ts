/** PostgreSQL attempts, through a plain client on the sandbox's own DATABASE_URL. */
import pg from "pg";
import type { Attempt, ConnectionEnv, ProbeTarget } from "@bd/core";
import type { ProbeTargets } from "./probe-targets.js";

export async function probePostgres(env: ConnectionEnv, targets: ProbeTargets): Promise<Attempt[]> {
  const client = new pg.Client({ connectionString: env.DATABASE_URL, connectionTimeoutMillis: 5_000 });
  client.on("error", () => {});
  const attempts: Attempt[] = [];
  const attempt = async (target: ProbeTarget, action: string, sql: string) => {
    try {
      const result = await client.query(sql);
      attempts.push({ backend: "postgres", target, action, outcome: "allowed", detail: `${result.command} ${result.rowCount ?? 0}` });
    } catch (error) {
      const { code, message } = error as { code?: string; message: string };
      attempts.push({ backend: "postgres", target, action, outcome: code === "42501" ? "refused" : "failed", detail: `${code ?? ""} ${message}`.trim() });
    }
  };
  try {
    await client.connect();
  } catch (error) {
    return [{ backend: "postgres", target: "own", action: "log in", outcome: "refused", detail: (error as Error).message }];
  }
  try {
    await attempt("own", "read own communities", "SELECT id FROM communities");
    await attempt("own", "write own audit_entries", "INSERT INTO audit_entries (community_id, actor, action) VALUES (current_tenant(), 'bd verify', 'probe')");
    if (targets.other) {
      const schema = targets.other.pgSchema;
      await attempt("other sandbox", `read ${schema}.communities`, `SELECT id FROM ${schema}.communities`);
      await attempt("other sandbox", `write ${schema}.audit_entries`, `INSERT INTO ${schema}.audit_entries (community_id, actor, action) VALUES (gen_random_uuid(), 'bd verify', 'probe')`);
    }
    await attempt("production", `read public.${targets.production.pgTable}`, `SELECT note FROM public.${targets.production.pgTable}`);
    await attempt("production", `write public.${targets.production.pgTable}`, `INSERT INTO public.${targets.production.pgTable} (note) VALUES ('probe')`);
    await attempt("production", "read the control plane bd.sandboxes", "SELECT id FROM bd.sandboxes");
    await client.query("DELETE FROM audit_entries WHERE actor = 'bd verify'").catch(() => {});
  } finally {
    await client.end().catch(() => {});
  }
  return attempts;
}
