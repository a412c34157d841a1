import { describeResource, formatDuration, planResources } from "@bd/core";
import type { CliContext } from "../cli-context.js";
import { sandboxJson } from "../format/sandbox-json.js";
import { assertVerified, renderVerifyReport } from "./verify.js";

export interface CreateOptions {
  readonly ttl?: string;
  readonly owner?: string;
  readonly guild?: readonly string[];
  readonly verify?: boolean;
}

export async function run(ctx: CliContext, name: string | undefined, options: CreateOptions): Promise<void> {
  const { service } = await ctx.platform();
  ctx.out.note(`Creating sandbox${name ? ` ${name}` : ""} …`);
  const sandbox = await service.create({ name, owner: options.owner, ttl: options.ttl, guilds: options.guild }, ctx.out.progress);
  const verification = options.verify ? await service.verify(sandbox.id) : undefined;
  if (verification && !verification.verdict.passed) {
    // A sandbox whose isolation failed its probe is not handed out: take it away again.
    ctx.out.note(renderVerifyReport(verification));
    await service.destroy(sandbox.id, ctx.out.progress);
    assertVerified(verification);
  }
  const { env } = await service.connect(sandbox.id);
  const plan = planResources(sandbox);
  const lines = [
    `Sandbox ${sandbox.name} is running (id ${sandbox.id}, expires in ${formatDuration(sandbox.ttlSeconds)}).`,
    "",
    ...plan.resources.map((resource) => `  ${resource.kind.padEnd(9)} ${describeResource(resource)}`),
    `  guilds    ${sandbox.guildIds.length === 0 ? "none (bd sandbox register-guild, or --guild)" : sandbox.guildIds.join(", ")}`,
    `  isolation ${plan.resources.map((r) => `${r.kind} ${sandbox.isolation[r.kind] ?? "namespace"}`).join(", ")}`,
    ...(verification ? [`  verified  ${verification.attempts.length - verification.verdict.skipped} probe attempts went as isolation requires`] : []),
    "",
    `Use it:      eval "$(bd sandbox connect ${sandbox.name})"`,
    `Throw away:  bd sandbox destroy ${sandbox.name}`,
  ];
  ctx.out.result(lines.join("\n"), { sandbox: sandboxJson(sandbox), connection: env, ...(verification && { verification }) });
}
