import { emitEvent } from "@bd/platform";
import type { CliContext } from "../cli-context.js";

export async function run(ctx: CliContext, eventType: string, options: { guild: string; data?: string }): Promise<void> {
  const platform = await ctx.platform();
  const event = await emitEvent(platform.backends, { eventType, guildId: options.guild, data: options.data });
  ctx.out.result(`Published ${event.eventType} for guild ${event.guildId} to ${event.subject} (${event.stream} #${event.seq}).`, event);
}
