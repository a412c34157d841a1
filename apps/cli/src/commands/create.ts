import { describeResource, formatDuration, planResources } from "@bd/core";
import type { CliContext } from "../cli-context.js";
import { sandboxJson } from "../format/sandbox-json.js";

export interface CreateOptions {
  readonly ttl?: string;
  readonly owner?: string;
}

export async function run(ctx: CliContext, name: string | undefined, options: CreateOptions): Promise<void> {
  const { service } = await ctx.platform();
  ctx.out.note(`Creating sandbox${name ? ` ${name}` : ""} …`);
  const sandbox = await service.create({ name, owner: options.owner, ttl: options.ttl }, ctx.out.progress);
  const { env } = await service.connect(sandbox.id);
  const plan = planResources(sandbox);
  const lines = [
    `Sandbox ${sandbox.name} is running (id ${sandbox.id}, expires in ${formatDuration(sandbox.ttlSeconds)}).`,
    "",
    ...plan.resources.map((resource) => `  ${resource.kind.padEnd(9)} ${describeResource(resource)}`),
    "",
    `Use it:      eval "$(bd sandbox connect ${sandbox.name})"`,
    `Throw away:  bd sandbox destroy ${sandbox.name}`,
  ];
  ctx.out.result(lines.join("\n"), { sandbox: sandboxJson(sandbox), connection: env });
}
