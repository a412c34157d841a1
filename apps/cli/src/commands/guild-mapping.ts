import type { CliContext } from "../cli-context.js";
import { sandboxJson } from "../format/sandbox-json.js";

/** `register-guild` and `unregister-guild`: one change of which guilds a sandbox receives. */
export async function run(ctx: CliContext, action: "register" | "unregister", ref: string, guildIds: readonly string[]): Promise<void> {
  const { service } = await ctx.platform();
  const sandbox = action === "register" ? await service.registerGuilds(ref, guildIds) : await service.unregisterGuilds(ref, guildIds);
  const verb = action === "register" ? "Registered" : "Unregistered";
  const held = sandbox.guildIds.length === 0 ? "none" : sandbox.guildIds.join(", ");
  ctx.out.result(`${verb} ${guildIds.join(", ")} ${action === "register" ? "to" : "from"} ${sandbox.name}. Its guilds now: ${held}.`, { sandbox: sandboxJson(sandbox) });
}
