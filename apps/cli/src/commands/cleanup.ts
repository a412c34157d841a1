import type { ReapAction } from "@bd/platform";
import type { CliContext } from "../cli-context.js";
import { renderTable } from "../format/table.js";

const verbs: Record<ReapAction["outcome"], string> = { done: "destroyed", would: "would destroy", failed: "FAILED" };

/** `bd sandbox cleanup`: one reaper pass now, reported per sandbox and per backend. */
export async function run(ctx: CliContext, options: { dryRun?: boolean }): Promise<void> {
  const report = await (await ctx.platform()).reap({ dryRun: options.dryRun === true });
  const title = `Reaper pass${report.dryRun ? " (dry run, nothing changed)" : ""}: ${report.actions.length} sandbox${report.actions.length === 1 ? "" : "es"} in ${report.ms} ms.`;
  const table =
    report.actions.length === 0
      ? "Nothing expired, stuck or orphaned."
      : renderTable(
          ["RESULT", "SANDBOX", "ID", "REASON", "BACKENDS"],
          report.actions.map((a) => [verbs[a.outcome], a.name, a.sandboxId.slice(0, 8), a.reason, a.backends.join(",") + (a.error ? `  (${a.error})` : "")]),
        );
  const warnings = report.unreadable.map((u) => `warning: ${u.backend} inventory unreadable, its orphans wait for the next pass: ${u.error}`);
  ctx.out.result([title, "", table, ...(warnings.length ? ["", ...warnings] : [])].join("\n"), report);
  if (report.actions.some((a) => a.outcome === "failed")) process.exitCode = 1;
}
