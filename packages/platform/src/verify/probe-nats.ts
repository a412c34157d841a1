/** NATS attempts: filled in with operator mode (user JWTs); until then NATS is namespace-only. */
import type { Attempt, ConnectionEnv } from "@bd/core";
import type { ProbeTargets } from "./probe-targets.js";

export async function probeNats(_env: ConnectionEnv, _targets: ProbeTargets): Promise<Attempt[]> {
  return [];
}
