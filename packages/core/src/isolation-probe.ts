/**
 * Terminology: an *attempt* is one thing `bd sandbox verify` tries with a sandbox's own
 * credentials — read or write its own resources (must work), another sandbox's or production's
 * (the server must refuse). The verdict is pure: it only reads the attempts.
 */
import type { BackendKind } from "./resource-plan.js";

export type ProbeTarget = "own" | "other sandbox" | "production";
/** "failed" is an error that is not the server refusing permission: never what isolation wants. */
export type ProbeOutcome = "allowed" | "refused" | "failed" | "skipped";

export interface Attempt {
  readonly backend: BackendKind;
  readonly target: ProbeTarget;
  /** What was tried, for people: "SELECT from sandbox_…communities". */
  readonly action: string;
  readonly outcome: ProbeOutcome;
  /** The server's answer, e.g. "42501 permission denied for schema …", or why it was skipped. */
  readonly detail: string;
}

export interface Verdict {
  readonly passed: boolean;
  /** Attempts that did not go as isolation requires. */
  readonly breaches: readonly Attempt[];
  readonly skipped: number;
}

export function expectedOutcome(target: ProbeTarget): "allowed" | "refused" {
  return target === "own" ? "allowed" : "refused";
}

export function judgeAttempts(attempts: readonly Attempt[]): Verdict {
  const breaches = attempts.filter((a) => a.outcome !== "skipped" && a.outcome !== expectedOutcome(a.target));
  return { passed: breaches.length === 0, breaches, skipped: attempts.filter((a) => a.outcome === "skipped").length };
}
