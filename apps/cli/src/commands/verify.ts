import { backendLabels, ErrorCode, expectedOutcome, SandboxError } from "@bd/core";
import type { VerifyReport } from "@bd/platform";
import type { CliContext } from "../cli-context.js";
import { renderTable } from "../format/table.js";

/** The probe's table: every attempt, what isolation expects, what the server did. */
export function renderVerifyReport(report: VerifyReport): string {
  const rows = report.attempts.map((a) => {
    const expected = a.outcome === "skipped" ? "-" : expectedOutcome(a.target);
    const mark = a.outcome === "skipped" ? "NOT ENFORCED" : a.outcome === expected ? "ok" : "BREACH";
    return [mark, backendLabels[a.backend], a.target, a.action, expected, a.outcome, a.detail.split("\n")[0]!.slice(0, 80)];
  });
  const { verdict } = report;
  const tried = report.attempts.length - verdict.skipped;
  const summary = verdict.passed
    ? `Isolation verified for ${report.sandbox.name}: ${tried} attempts went as isolation requires${verdict.skipped ? `; ${verdict.skipped} backend(s) only separate by name` : ""}.`
    : `Isolation NOT verified for ${report.sandbox.name}: ${verdict.breaches.length} of ${tried} attempts did not go as isolation requires.`;
  const otherLine = report.other ? `Other sandbox tried: ${report.other.name} (${report.other.id}).` : "No other running sandbox to try: those attempts were not made.";
  return [renderTable(["RESULT", "BACKEND", "TARGET", "ATTEMPT", "EXPECTED", "OUTCOME", "SERVER SAID"], rows), "", otherLine, summary].join("\n");
}

export function assertVerified(report: VerifyReport): void {
  if (report.verdict.passed) return;
  const first = report.verdict.breaches[0];
  const why = first ? `${backendLabels[first.backend]} ${first.target}: ${first.action} was ${first.outcome}` : "a backend does not enforce isolation and SANDBOX_REQUIRE_ISOLATION is set";
  throw new SandboxError(ErrorCode.IsolationBroken, `isolation of ${report.sandbox.name} is not as required (${why})`);
}

export async function run(ctx: CliContext, ref: string, options: { against?: string }): Promise<void> {
  const report = await (await ctx.platform()).service.verify(ref, options.against);
  ctx.out.result(renderVerifyReport(report), report);
  assertVerified(report);
}
