/**
 * Runs one action on every provisioner at once (the backends are independent), reporting
 * each step as it ends. Never throws: the caller decides what a failure means.
 */
import { describeResource, resourceOf, type BackendKind, type ResourcePlan } from "@bd/core";
import type { EnsureResult, Provisioner } from "./provisioners/provisioner.js";
import type { OnStep } from "./service-context.js";

export interface StepFailure {
  readonly kind: BackendKind;
  readonly error: unknown;
  /** False when the backend could not even be connected to: it holds nothing of this run. */
  readonly reached: boolean;
}

export interface StepsOutcome {
  readonly failures: readonly StepFailure[];
  /** Milliseconds per backend, for the audit log and the benchmark. */
  readonly timings: Readonly<Partial<Record<BackendKind, number>>>;
  /** What each successful ensure reported (empty for destroy). */
  readonly results: Readonly<Partial<Record<BackendKind, EnsureResult>>>;
}

export async function runSteps(
  provisioners: readonly Provisioner[],
  plan: ResourcePlan,
  action: "ensure" | "destroy",
  onStep: OnStep,
): Promise<StepsOutcome> {
  const timings: Partial<Record<BackendKind, number>> = {};
  const results: Partial<Record<BackendKind, EnsureResult>> = {};
  const failures: StepFailure[] = [];
  await Promise.all(
    provisioners.map(async (provisioner) => {
      const started = performance.now();
      let ok = true;
      let reached = false;
      try {
        await provisioner.connect();
        reached = true;
        if (action === "ensure") results[provisioner.kind] = await provisioner.ensure(plan);
        else await provisioner.destroy(plan);
      } catch (error) {
        ok = false;
        failures.push({ kind: provisioner.kind, error, reached });
      }
      const ms = performance.now() - started;
      timings[provisioner.kind] = Math.round(ms * 10) / 10;
      onStep({ sandbox: plan.sandbox.name, step: provisioner.kind, ok, ms, detail: describeResource(resourceOf(plan, provisioner.kind)) });
    }),
  );
  // Report failures in plan order, whatever order they happened in.
  const order = plan.resources.map((resource) => resource.kind);
  failures.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  return { failures, timings, results };
}
