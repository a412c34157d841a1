/** Who did what to which sandbox, when, with what outcome. Details never hold secrets. */
import type { Db } from "./db.js";

export type AuditOutcome = "started" | "ok" | "failed";

export interface AuditEntry {
  readonly actor: string;
  readonly action: string;
  readonly sandboxId: string | null;
  readonly outcome: AuditOutcome;
  readonly detail?: Readonly<Record<string, unknown>>;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
}

export function createAuditLog(db: Db): AuditLog {
  return {
    async record(entry) {
      await db.query("INSERT INTO bd.audit_log (actor, action, sandbox_id, outcome, detail) VALUES ($1, $2, $3, $4, $5)", [
        entry.actor,
        entry.action,
        entry.sandboxId,
        entry.outcome,
        JSON.stringify(entry.detail ?? {}),
      ]);
    },
  };
}
