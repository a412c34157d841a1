/**
 * Guild operations: register and unregister guilds of a sandbox, and manage the pool of test
 * guilds that `create --guild auto` leases from. Every change is in the audit log.
 */
import { ErrorCode, SandboxError, validateGuildId, type Sandbox } from "@bd/core";
import type { PoolGuild } from "./guild-store.js";
import type { ServiceContext } from "./service-context.js";

/** Finds the sandbox a guild change is for; called only once the guild ids are valid. */
export type SandboxLookup = () => Promise<Sandbox>;

export interface GuildService {
  register(sandbox: SandboxLookup, guildIds: readonly string[]): Promise<Sandbox>;
  unregister(sandbox: SandboxLookup, guildIds: readonly string[]): Promise<Sandbox>;
  addToPool(guildId: string, label?: string): Promise<PoolGuild>;
  removeFromPool(guildId: string): Promise<void>;
  listPool(): Promise<readonly PoolGuild[]>;
}

function validateGuildIds(guildIds: readonly string[]): readonly string[] {
  if (guildIds.length === 0) throw new SandboxError(ErrorCode.InvalidArgument, "name at least one guild id");
  return [...new Set(guildIds.map(validateGuildId))];
}

export function createGuildService(ctx: ServiceContext): GuildService {
  const actor = ctx.config.owner;

  async function change(action: "register-guild" | "unregister-guild", lookup: SandboxLookup, raw: readonly string[]): Promise<Sandbox> {
    // Bad guild ids are bad input whether or not the sandbox exists: check them first.
    const guildIds = validateGuildIds(raw);
    const sandbox = await lookup();
    try {
      await (action === "register-guild" ? ctx.guilds.register(sandbox.id, guildIds) : ctx.guilds.unregister(sandbox.id, guildIds));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await ctx.audit.record({ actor, action, sandboxId: sandbox.id, outcome: "failed", detail: { guildIds, error: message } });
      throw error;
    }
    await ctx.audit.record({ actor, action, sandboxId: sandbox.id, outcome: "ok", detail: { guildIds } });
    return (await ctx.store.get(sandbox.id)) ?? sandbox;
  }

  return {
    register: (sandbox, guildIds) => change("register-guild", sandbox, guildIds),
    unregister: (sandbox, guildIds) => change("unregister-guild", sandbox, guildIds),

    async addToPool(guildId, label = "") {
      validateGuildId(guildId);
      if (label.length > 100) throw new SandboxError(ErrorCode.InvalidArgument, "a guild label is at most 100 characters");
      await ctx.ready();
      const guild = await ctx.guilds.addToPool(guildId, label);
      await ctx.audit.record({ actor, action: "pool-add", sandboxId: null, outcome: "ok", detail: { guildId, label } });
      return guild;
    },

    async removeFromPool(guildId) {
      validateGuildId(guildId);
      await ctx.ready();
      await ctx.guilds.removeFromPool(guildId);
      await ctx.audit.record({ actor, action: "pool-remove", sandboxId: null, outcome: "ok", detail: { guildId } });
    },

    async listPool() {
      await ctx.ready();
      return ctx.guilds.listPool();
    },
  };
}
