/**
 * Destroy completes from any state and is idempotent: the sandbox moves to `destroying`,
 * every backend's destroy runs (each one idempotent), and only when all succeeded does the
 * row become `destroyed` and its guilds are released. A failure leaves it `destroying`, to be
 * finished by running destroy again or by the reaper.
 */
import { asSandboxError, ErrorCode, planResources, SandboxError, type Sandbox, type SandboxStatus } from "@bd/core";
import { runSteps } from "./run-steps.js";
import { checkpointed, type OnStep, type ServiceContext } from "./service-context.js";

export interface DestroyResult {
  readonly sandbox: Sandbox;
  /** True when the sandbox was already destroyed; its resources were checked away again. */
  readonly alreadyDestroyed: boolean;
}

/** Why a sandbox is destroyed, for the audit log: a person asked, or the reaper found it expired, stuck or orphaned. */
export type DestroyReason = "requested" | "expired" | "stuck";

export async function destroySandbox(
  ctx: ServiceContext,
  sandbox: Sandbox,
  actor: string,
  report: OnStep = () => {},
  reason: DestroyReason = "requested",
): Promise<DestroyResult> {
  const onStep = checkpointed(ctx, "destroy", report);
  const alreadyDestroyed = sandbox.status === "destroyed";
  const current = alreadyDestroyed ? sandbox : await claimForDestroy(ctx, sandbox);
  ctx.checkpoint("destroy:destroying");
  const plan = planResources(current);
  const { failures, timings } = await runSteps(ctx.provisioners, plan, "destroy", onStep);

  const failure = failures[0]?.error;
  if (failure !== undefined) {
    const failed = asSandboxError(failure);
    await ctx.store.recordError(current.id, failed.message);
    await ctx.audit.record({ actor, action: "destroy", sandboxId: current.id, outcome: "failed", detail: { name: current.name, reason, error: failed.message } });
    throw new SandboxError(
      failed.code,
      `sandbox ${current.name} is not fully destroyed: ${failed.message}; run destroy again (the reaper retries too)`,
      { cause: failed },
    );
  }

  if (!alreadyDestroyed) await ctx.store.markDestroyed(current.id);
  await ctx.audit.record({ actor, action: "destroy", sandboxId: current.id, outcome: "ok", detail: { name: current.name, reason, alreadyDestroyed, timings } });
  const destroyed = (await ctx.store.get(current.id)) ?? current;
  return { sandbox: destroyed, alreadyDestroyed };
}

/** Moves a sandbox to `destroying` from whatever status it is in, retrying if another process moves it first. */
async function claimForDestroy(ctx: ServiceContext, sandbox: Sandbox): Promise<Sandbox> {
  let current: Sandbox = sandbox;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    if (current.status === "destroying" || current.status === "destroyed") return current;
    if (await ctx.store.transition(current.id, current.status, "destroying")) return { ...current, status: "destroying" as SandboxStatus };
    const reread = await ctx.store.get(current.id);
    if (!reread) break;
    current = reread;
  }
  throw new SandboxError(ErrorCode.Conflict, `sandbox ${sandbox.name} keeps changing status; try again`);
}
