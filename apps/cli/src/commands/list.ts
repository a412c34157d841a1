import type { CliContext } from "../cli-context.js";
import { sandboxJson } from "../format/sandbox-json.js";
import { renderTable } from "../format/table.js";
import { age, timeLeft } from "../format/time.js";

export interface ListOptions {
  readonly all?: boolean;
  readonly owner?: string;
  readonly status?: string;
}

export async function run(ctx: CliContext, options: ListOptions): Promise<void> {
  const { service } = await ctx.platform();
  const sandboxes = await service.list({ all: options.all, owner: options.owner, status: options.status });
  const now = ctx.now();
  const human =
    sandboxes.length === 0
      ? "No sandboxes. Create one with: bd sandbox create"
      : renderTable(
          ["NAME", "ID", "OWNER", "STATUS", "GUILDS", "EXPIRES", "CREATED"],
          sandboxes.map((s) => [
            s.name,
            s.id.slice(0, 8),
            s.owner,
            s.status,
            s.guildIds.length === 0 ? "-" : s.guildIds.join(","),
            s.status === "destroyed" ? "-" : timeLeft(s.expiresAt, now),
            age(s.createdAt, now),
          ]),
        );
  ctx.out.result(human, { sandboxes: sandboxes.map(sandboxJson) });
}
