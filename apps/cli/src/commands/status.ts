import { backendLabels } from "@bd/core";
import type { CliContext } from "../cli-context.js";
import { sandboxJson } from "../format/sandbox-json.js";
import { renderTable } from "../format/table.js";
import { age, timeLeft, timestamp } from "../format/time.js";

export async function run(ctx: CliContext, ref: string): Promise<void> {
  const { service } = await ctx.platform();
  const report = await service.status(ref);
  const { sandbox } = report;
  const now = ctx.now();
  const rows = report.resources.map((resource) =>
    "error" in resource
      ? [backendLabels[resource.kind], "unknown", "-", resource.error]
      : [backendLabels[resource.kind], resource.exists ? "present" : "absent", resource.isolation, resource.detail],
  );
  const human = [
    `Sandbox ${sandbox.name} (${sandbox.id})`,
    `  status    ${sandbox.status}, ${report.health}`,
    `  owner     ${sandbox.owner}`,
    `  created   ${timestamp(sandbox.createdAt)} (${age(sandbox.createdAt, now)})`,
    sandbox.status === "destroyed" && sandbox.destroyedAt
      ? `  destroyed ${timestamp(sandbox.destroyedAt)} (${age(sandbox.destroyedAt, now)})`
      : `  expires   ${timestamp(sandbox.expiresAt)} (${timeLeft(sandbox.expiresAt, now)})`,
    `  guilds    ${sandbox.guildIds.length === 0 ? "none" : sandbox.guildIds.join(", ")}`,
    ...(sandbox.lastError ? [`  error     ${sandbox.lastError}`] : []),
    "",
    renderTable(["BACKEND", "STATE", "ISOLATION", "RESOURCE"], rows).replace(/^/gm, "  "),
  ].join("\n");
  ctx.out.result(human, { sandbox: sandboxJson(sandbox), health: report.health, resources: report.resources });
}
