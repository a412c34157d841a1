/**
 * Create is all-or-nothing: pending → creating → running, or, if any backend fails, every
 * resource is removed again and the row ends `destroyed` with `last_error`.
 */
import {
  asSandboxError,
  backendKinds,
  backendLabels,
  type IsolationMap,
  defaultSandboxName,
  ErrorCode,
  parseTtl,
  planResources,
  SandboxError,
  validateGuildId,
  validateName,
  validateOwner,
  type Sandbox,
} from "@bd/core";
import { runSteps } from "./run-steps.js";
import { checkpointed, type OnStep, type ServiceContext } from "./service-context.js";

export interface CreateInput {
  readonly name?: string | undefined;
  readonly owner?: string | undefined;
  readonly ttl?: string | undefined;
  /** Guild snowflakes to register, or "auto" to lease a free guild from the pool (repeatable). */
  readonly guilds?: readonly string[] | undefined;
}

export async function createSandbox(ctx: ServiceContext, input: CreateInput, report: OnStep = () => {}): Promise<Sandbox> {
  const onStep = checkpointed(ctx, "create", report);
  const { config } = ctx;
  // Everything the user typed is validated before anything is written anywhere.
  const owner = validateOwner(input.owner ?? config.owner);
  const name = input.name !== undefined ? validateName(input.name) : defaultSandboxName(owner, ctx.randomBytes(6));
  const ttlSeconds = input.ttl !== undefined ? parseTtl(input.ttl, { minSeconds: config.minTtlSeconds, maxSeconds: config.maxTtlSeconds }) : config.defaultTtlSeconds;
  const requested = input.guilds ?? [];
  const poolLeases = requested.filter((guild) => guild === "auto").length;
  const guildIds = [...new Set(requested.filter((guild) => guild !== "auto").map(validateGuildId))];

  await ctx.ready();
  const id = ctx.newId();
  const plan = planResources({ id, name, ttlSeconds });
  const started = performance.now();
  const inserted = await ctx.store.insert({ id, name, owner, ttlSeconds, schemaName: plan.names.pgSchema, guildIds, poolLeases }, config.maxPerDeveloper);
  await ctx.audit.record({ actor: owner, action: "create", sandboxId: id, outcome: "started", detail: { name, ttlSeconds, guildIds: inserted.guildIds } });
  onStep({ sandbox: name, step: "recorded", ok: true, ms: performance.now() - started, detail: `control plane row ${id}` });

  if (!(await ctx.store.transition(id, "pending", "creating"))) throw lostRace(name);
  ctx.checkpoint("create:creating");
  const { failures, timings, results } = await runSteps(ctx.provisioners, plan, "ensure", onStep);
  const isolation: IsolationMap = Object.fromEntries(Object.entries(results).map(([kind, result]) => [kind, result.isolation]));

  const failure = failures[0]?.error ?? (config.requireIsolation ? isolationShortfall(isolation) : undefined);
  if (failure === undefined) {
    await ctx.store.recordIsolation(id, isolation, results.nats?.natsUserJwt);
    if (await ctx.store.transition(id, "creating", "running")) {
      await ctx.audit.record({ actor: owner, action: "create", sandboxId: id, outcome: "ok", detail: { name, ttlSeconds, isolation, timings } });
      return { ...inserted, status: "running", isolation };
    }
  }

  // Undo: a backend failed, or a concurrent destroy took the sandbox while it was being made.
  const reason = failure === undefined ? lostRace(name) : asSandboxError(failure);
  await ctx.store.transition(id, "creating", "destroying", { lastError: reason.message });
  // A backend that could not even be connected to holds nothing of this sandbox; the rest is undone.
  const unreached = new Set(failures.filter((f) => !f.reached).map((f) => f.kind));
  const undo = await runSteps(ctx.provisioners.filter((p) => !unreached.has(p.kind)), plan, "destroy", () => {});
  // If undoing failed too, the row stays `destroying` for the next destroy or reaper pass.
  if (undo.failures.length === 0) await ctx.store.markDestroyed(id);
  await ctx.audit.record({
    actor: owner,
    action: "create",
    sandboxId: id,
    outcome: "failed",
    detail: { name, error: reason.message, code: reason.code, failed: failures.map((f) => f.kind) },
  });
  const more = failures.length > 1 ? ` (and ${failures.length - 1} more backend${failures.length > 2 ? "s" : ""})` : "";
  const kept = undo.failures.length === 0 ? "nothing was kept" : "what could not be removed yet is left to the reaper";
  throw new SandboxError(reason.code, `sandbox ${name} was not created, ${kept}: ${reason.message}${more}`, { cause: reason });
}

/** Under SANDBOX_REQUIRE_ISOLATION, a backend that could only separate by name fails the create. */
function isolationShortfall(isolation: IsolationMap): SandboxError | undefined {
  const loose = backendKinds.filter((kind) => isolation[kind] !== "enforced");
  if (loose.length === 0) return undefined;
  const names = loose.map((kind) => backendLabels[kind]).join(", ");
  return new SandboxError(ErrorCode.IsolationUnavailable, `${names} can only separate sandboxes by name here, and SANDBOX_REQUIRE_ISOLATION is set`);
}

function lostRace(name: string): SandboxError {
  return new SandboxError(ErrorCode.Conflict, `sandbox ${name} was destroyed by another process while it was being created`);
}
