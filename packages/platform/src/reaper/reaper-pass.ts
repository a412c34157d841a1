/**
 * One reaper pass: expire what is past its TTL and destroy it, finish sandboxes a dead process
 * left in pending/creating/destroying, and remove orphans — resources that exist in a server
 * under the naming scheme but belong to no sandbox that is not destroyed. Nothing outside the
 * naming scheme is ever listed, so nothing outside it can be removed.
 */
import { asSandboxError, backendKinds, idOfSid, planResources, type BackendKind, type Sid } from "@bd/core";
import { destroySandbox, type DestroyReason } from "../destroy-sandbox.js";
import { runSteps } from "../run-steps.js";
import type { ServiceContext } from "../service-context.js";
import type { Db } from "../db.js";
import { withPassLock } from "./pass-lock.js";

export type ReapReason = DestroyReason | "orphan";

export interface ReapAction {
  readonly sandboxId: string;
  readonly name: string;
  readonly reason: ReapReason;
  /** Backends that hold something of it (all four for a sandbox with a row). */
  readonly backends: readonly BackendKind[];
  readonly outcome: "done" | "would" | "failed";
  readonly error?: string;
}

export interface ReapReport {
  readonly dryRun: boolean;
  readonly ms: number;
  readonly actions: readonly ReapAction[];
  /** Backends whose inventory could not be read this pass, with why: their orphans wait for the next. */
  readonly unreadable: readonly { readonly backend: BackendKind; readonly error: string }[];
}

export interface ReapOptions {
  readonly dryRun?: boolean;
  /** Stops the pass between sandboxes (SIGTERM): the current one is finished, the rest wait. */
  readonly signal?: AbortSignal;
  readonly onAction?: (action: ReapAction) => void;
}

const actor = "reaper";

export async function runReaperPass(ctx: ServiceContext, db: Db, options: ReapOptions = {}): Promise<ReapReport> {
  await ctx.ready();
  const started = performance.now();
  const dryRun = options.dryRun === true;
  const actions: ReapAction[] = [];
  const record = (action: ReapAction) => {
    actions.push(action);
    options.onAction?.(action);
  };
  const stopped = () => options.signal?.aborted === true;

  return withPassLock(db, async () => {
    for (const [reason, sandboxes] of [
      ["expired", await ctx.store.findExpired()],
      ["stuck", await ctx.store.findStuck(ctx.config.stuckGraceSeconds)],
    ] as const) {
      for (const sandbox of sandboxes) {
        if (stopped()) break;
        const base = { sandboxId: sandbox.id, name: sandbox.name, reason, backends: backendKinds };
        if (dryRun) {
          record({ ...base, outcome: "would" });
          continue;
        }
        try {
          if (reason === "expired" && sandbox.status === "running") {
            if (!(await ctx.store.transition(sandbox.id, "running", "expired"))) continue; // someone else moved it
            await ctx.audit.record({ actor, action: "expire", sandboxId: sandbox.id, outcome: "ok", detail: { name: sandbox.name, expiresAt: sandbox.expiresAt } });
          }
          const current = (await ctx.store.get(sandbox.id)) ?? sandbox;
          await destroySandbox(ctx, current, actor, () => {}, reason);
          record({ ...base, outcome: "done" });
        } catch (error) {
          record({ ...base, outcome: "failed", error: asSandboxError(error).message });
        }
      }
    }

    // Inventory first, rows second: a resource is only ever made after its row, so anything
    // seen here whose row is missing or destroyed by the time we look is truly an orphan.
    const inventories = await Promise.all(
      ctx.provisioners.map(async (provisioner) => {
        try {
          return { kind: provisioner.kind, sids: await provisioner.inventory() };
        } catch (error) {
          return { kind: provisioner.kind, error: asSandboxError(error).message };
        }
      }),
    );
    const owners = await ctx.store.notDestroyedIds();
    const holders = new Map<Sid, BackendKind[]>();
    for (const inventory of inventories) {
      for (const sid of inventory.sids ?? []) {
        if (owners.has(idOfSid(sid))) continue;
        holders.set(sid, [...(holders.get(sid) ?? []), inventory.kind]);
      }
    }
    for (const [sid, backends] of holders) {
      if (stopped()) break;
      const id = idOfSid(sid);
      const base = { sandboxId: id, name: `orphan ${sid.slice(0, 8)}`, reason: "orphan" as const, backends };
      if (dryRun) {
        record({ ...base, outcome: "would" });
        continue;
      }
      const plan = planResources({ id, name: base.name, ttlSeconds: 1 });
      const holding = ctx.provisioners.filter((p) => backends.includes(p.kind));
      const { failures } = await runSteps(holding, plan, "destroy", () => {});
      const error = failures[0] && asSandboxError(failures[0].error).message;
      await ctx.audit.record({ actor, action: "reap-orphan", sandboxId: id, outcome: error ? "failed" : "ok", detail: { backends, error } });
      record({ ...base, outcome: error ? "failed" : "done", ...(error ? { error } : {}) });
    }

    const unreadable = inventories.flatMap((i) => ("error" in i && i.error ? [{ backend: i.kind, error: i.error }] : []));
    return { dryRun, ms: Math.round(performance.now() - started), actions, unreadable };
  });
}
