/**
 * The sandbox service: the operations every front end (CLI, API) calls. Inputs arrive as the
 * user typed them and are validated here by the pure core, so every front end gets the same
 * errors.
 */
import {
  connectionEnv,
  ErrorCode,
  isSandboxStatus,
  parseSandboxRef,
  parseTtl,
  resourceNames,
  SandboxError,
  sandboxStatuses,
  validateOwner,
  type ConnectionEnv,
  type Sandbox,
} from "@bd/core";
import { createSandbox, type CreateInput } from "./create-sandbox.js";
import { destroySandbox, type DestroyResult } from "./destroy-sandbox.js";
import { createGuildService, type GuildService } from "./guild-service.js";
import { sandboxCredentials } from "./sandbox-credentials.js";
import { verifySandbox, type VerifyReport } from "./verify/verify-sandbox.js";
import { inspectSandbox, type SandboxReport } from "./inspect-sandbox.js";
import type { OnStep, ServiceContext } from "./service-context.js";

export interface ListInput {
  readonly all?: boolean;
  readonly owner?: string | undefined;
  readonly status?: string | undefined;
}

export interface SandboxService {
  create(input: CreateInput, onStep?: OnStep): Promise<Sandbox>;
  destroy(ref: string, onStep?: OnStep): Promise<DestroyResult>;
  /** The live sandboxes `destroy --all` would take: the given owner's, or the acting developer's. */
  destroyTargets(owner?: string): Promise<readonly Sandbox[]>;
  list(input?: ListInput): Promise<readonly Sandbox[]>;
  status(ref: string): Promise<SandboxReport>;
  connect(ref: string): Promise<{ sandbox: Sandbox; env: ConnectionEnv }>;
  resolve(ref: string): Promise<Sandbox>;
  /** The isolation probe: tries the sandbox's credentials on its own and on foreign resources. */
  verify(ref: string, against?: string): Promise<VerifyReport>;
  /** Sets a running sandbox's expiry to now + ttl (at most the maximum TTL). */
  extend(ref: string, ttl: string): Promise<Sandbox>;
  registerGuilds(ref: string, guildIds: readonly string[]): Promise<Sandbox>;
  unregisterGuilds(ref: string, guildIds: readonly string[]): Promise<Sandbox>;
  readonly guildPool: Pick<GuildService, "addToPool" | "removeFromPool" | "listPool">;
}

export function createSandboxService(ctx: ServiceContext): SandboxService {
  const guilds = createGuildService(ctx);
  async function resolve(ref: string): Promise<Sandbox> {
    const parsed = parseSandboxRef(ref);
    await ctx.ready();
    return ctx.store.resolve(parsed);
  }

  return {
    create: (input, onStep) => createSandbox(ctx, input, onStep),

    async destroy(ref, onStep) {
      return destroySandbox(ctx, await resolve(ref), ctx.config.owner, onStep);
    },

    async destroyTargets(owner) {
      const who = validateOwner(owner ?? ctx.config.owner);
      await ctx.ready();
      return ctx.store.list({ owner: who });
    },

    async list(input = {}) {
      const owner = input.owner === undefined ? undefined : validateOwner(input.owner);
      if (input.status !== undefined && !isSandboxStatus(input.status)) {
        throw new SandboxError(ErrorCode.InvalidArgument, `unknown status "${input.status}": use one of ${sandboxStatuses.join(", ")}`);
      }
      await ctx.ready();
      return ctx.store.list({ includeDestroyed: input.all === true, owner, status: input.status });
    },

    async status(ref) {
      return inspectSandbox(ctx, await resolve(ref));
    },

    async connect(ref) {
      const sandbox = await resolve(ref);
      if (sandbox.status !== "running" && sandbox.status !== "expired") {
        throw new SandboxError(ErrorCode.InvalidState, `sandbox ${sandbox.name} is ${sandbox.status}: only a running sandbox can be connected to`);
      }
      return { sandbox, env: connectionEnv(ctx.config, sandbox, resourceNames(sandbox.id), await sandboxCredentials(ctx, sandbox)) };
    },

    resolve,

    async verify(ref, againstRef) {
      const [sandbox, against] = await Promise.all([resolve(ref), againstRef === undefined ? undefined : resolve(againstRef)]);
      for (const s of [sandbox, against]) {
        if (s && s.status !== "running") throw new SandboxError(ErrorCode.InvalidState, `sandbox ${s.name} is ${s.status}: only running sandboxes can be probed`);
      }
      if (against?.id === sandbox.id) throw new SandboxError(ErrorCode.InvalidArgument, "--against must name another sandbox");
      const report = await verifySandbox(ctx, ctx.backends, sandbox, against);
      await ctx.audit.record({
        actor: ctx.config.owner,
        action: "verify",
        sandboxId: sandbox.id,
        outcome: report.verdict.passed ? "ok" : "failed",
        detail: { attempts: report.attempts.length, breaches: report.verdict.breaches.map((b) => `${b.backend} ${b.target}: ${b.action}`) },
      });
      return report;
    },

    async extend(ref, ttl) {
      const ttlSeconds = parseTtl(ttl, { minSeconds: ctx.config.minTtlSeconds, maxSeconds: ctx.config.maxTtlSeconds });
      const sandbox = await resolve(ref);
      const extended = await ctx.store.extend(sandbox.id, ttlSeconds);
      if (!extended) {
        const now = (await ctx.store.get(sandbox.id))?.status ?? sandbox.status;
        throw new SandboxError(ErrorCode.InvalidState, `sandbox ${sandbox.name} is ${now}: only a running sandbox can be extended`);
      }
      await ctx.audit.record({ actor: ctx.config.owner, action: "extend", sandboxId: sandbox.id, outcome: "ok", detail: { ttlSeconds, expiresAt: extended.expiresAt } });
      return extended;
    },

    registerGuilds: (ref, guildIds) => guilds.register(() => resolve(ref), guildIds),
    unregisterGuilds: (ref, guildIds) => guilds.unregister(() => resolve(ref), guildIds),

    guildPool: guilds,
  };
}
