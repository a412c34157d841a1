import type { PoolGuild } from "@bd/platform";
import type { CliContext } from "../cli-context.js";
import { renderTable } from "../format/table.js";

function poolJson(guild: PoolGuild) {
  return { guildId: guild.guildId, label: guild.label, addedAt: guild.addedAt.toISOString(), heldBy: guild.heldBy ?? null };
}

export async function add(ctx: CliContext, guildId: string, options: { label?: string }): Promise<void> {
  const guild = await (await ctx.platform()).service.guildPool.addToPool(guildId, options.label);
  ctx.out.result(`Guild ${guild.guildId} is in the pool${guild.label ? ` (${guild.label})` : ""}; bd sandbox create --guild auto leases it.`, { guild: poolJson(guild) });
}

export async function remove(ctx: CliContext, guildId: string): Promise<void> {
  await (await ctx.platform()).service.guildPool.removeFromPool(guildId);
  ctx.out.result(`Guild ${guildId} left the pool.`, { removed: guildId });
}

export async function list(ctx: CliContext): Promise<void> {
  const guilds = await (await ctx.platform()).service.guildPool.listPool();
  const human =
    guilds.length === 0
      ? "The guild pool is empty. Add a test guild with: bd guilds add <guild-id> --label TEXT"
      : renderTable(["GUILD", "LABEL", "HELD BY"], guilds.map((g) => [g.guildId, g.label || "-", g.heldBy?.name ?? "free"]));
  ctx.out.result(human, { guilds: guilds.map(poolJson) });
}
