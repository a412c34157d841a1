/**
 * `bd sandbox verify`: with only the sandbox's own credentials (exactly what `connect` gives a
 * worker), try to use its resources and to reach another sandbox's and production's, in every
 * backend. Backends that only separate by name are reported as not enforced.
 */
import { backendLabels, connectionEnv, judgeAttempts, probeFixtures, resourceNames, type Attempt, type BackendKind, type Sandbox, type Verdict } from "@bd/core";
import type { Backends } from "../backends.js";
import { sandboxCredentials } from "../sandbox-credentials.js";
import type { ServiceContext } from "../service-context.js";
import { probeNats } from "./probe-nats.js";
import { probePostgres } from "./probe-postgres.js";
import { probeRabbitmq } from "./probe-rabbitmq.js";
import { probeRedis } from "./probe-redis.js";
import { ensureProductionFixtures, type ProbeTargets } from "./probe-targets.js";

export interface VerifyReport {
  readonly sandbox: Sandbox;
  /** The sandbox whose resources were tried as "other sandbox", if there was one. */
  readonly other: { readonly id: string; readonly name: string } | undefined;
  readonly attempts: readonly Attempt[];
  readonly verdict: Verdict;
}

const probes: Readonly<Record<BackendKind, typeof probePostgres>> = {
  postgres: probePostgres,
  redis: probeRedis,
  rabbitmq: probeRabbitmq,
  nats: probeNats,
};

/** `against` is the sandbox to try as "other"; by default another running one, the same owner's first. */
export async function verifySandbox(ctx: ServiceContext, backends: Backends, sandbox: Sandbox, against?: Sandbox): Promise<VerifyReport> {
  const env = connectionEnv(ctx.config, sandbox, resourceNames(sandbox.id), await sandboxCredentials(ctx, sandbox));
  await ensureProductionFixtures(backends);
  const candidates = (await ctx.store.list({ status: "running" })).filter((candidate) => candidate.id !== sandbox.id);
  const other = against ?? candidates.find((c) => c.owner === sandbox.owner) ?? candidates[0];
  const targets: ProbeTargets = { own: resourceNames(sandbox.id), other: other && resourceNames(other.id), production: probeFixtures };

  const attempts: Attempt[] = [];
  for (const provisioner of ctx.provisioners) {
    const kind = provisioner.kind;
    if (sandbox.isolation[kind] === "enforced") {
      attempts.push(...(await probes[kind](env, targets)));
    } else {
      attempts.push({ backend: kind, target: "own", action: "use its own credentials", outcome: "skipped", detail: `namespace only: ${backendLabels[kind]} does not enforce isolation for this sandbox` });
    }
  }
  const judged = judgeAttempts(attempts);
  // Under SANDBOX_REQUIRE_ISOLATION a backend that was not probed is itself a failure.
  const verdict = ctx.config.requireIsolation && judged.skipped > 0 ? { ...judged, passed: false } : judged;
  return { sandbox, other: other && { id: other.id, name: other.name }, attempts, verdict };
}
