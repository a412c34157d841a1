import type { CliContext } from "../cli-context.js";
import { sandboxJson } from "../format/sandbox-json.js";
import { timeLeft, timestamp } from "../format/time.js";

export async function run(ctx: CliContext, ref: string, options: { ttl: string }): Promise<void> {
  const sandbox = await (await ctx.platform()).service.extend(ref, options.ttl);
  ctx.out.result(`Sandbox ${sandbox.name} now expires ${timestamp(sandbox.expiresAt)} (${timeLeft(sandbox.expiresAt, ctx.now())}).`, { sandbox: sandboxJson(sandbox) });
}
