import type { CliContext } from "../cli-context.js";
import { sandboxJson } from "../format/sandbox-json.js";

/** `register-guild`: this sandbox receives these guilds' events from now on. */
export async function register(ctx: CliContext, ref: string, guildIds: readonly string[]): Promise<void> {
  const sandbox = await (await ctx.platform()).service.registerGuilds(ref, guildIds);
  report(ctx, `Registered ${guildIds.join(", ")} to ${sandbox.name}.`, sandbox);
}

/** `unregister-guild`: these guilds' events go to production again. */
export async function unregister(ctx: CliContext, ref: string, guildIds: readonly string[]): Promise<void> {
  const sandbox = await (await ctx.platform()).service.unregisterGuilds(ref, guildIds);
  report(ctx, `Unregistered ${guildIds.join(", ")} from ${sandbox.name}.`, sandbox);
}

function report(ctx: CliContext, done: string, sandbox: Parameters<typeof sandboxJson>[0]): void {
  const held = sandbox.guildIds.length === 0 ? "none" : sandbox.guildIds.join(", ");
  ctx.out.result(`${done} Its guilds now: ${held}.`, { sandbox: sandboxJson(sandbox) });
}
