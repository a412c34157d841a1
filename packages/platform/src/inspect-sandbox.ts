/**
 * `status`: the control plane's row next to what each server really holds. A sandbox is
 * healthy when it is running and every resource exists; destroyed and clean when none does.
 */
import { asSandboxError, isLive, planResources, type Sandbox } from "@bd/core";
import type { ResourceState } from "./provisioners/provisioner.js";
import type { ServiceContext } from "./service-context.js";

export type Health = "healthy" | "degraded" | "clean" | "leftovers" | "in-progress";

export interface SandboxReport {
  readonly sandbox: Sandbox;
  readonly resources: readonly (ResourceState | { readonly kind: ResourceState["kind"]; readonly error: string })[];
  readonly health: Health;
}

export async function inspectSandbox(ctx: ServiceContext, sandbox: Sandbox): Promise<SandboxReport> {
  const plan = planResources(sandbox);
  const resources = await Promise.all(
    ctx.provisioners.map((provisioner) =>
      provisioner.inspect(plan).catch((error: unknown) => ({ kind: provisioner.kind, error: asSandboxError(error).message })),
    ),
  );
  const present = resources.filter((r) => "exists" in r && r.exists).length;
  return { sandbox, resources, health: healthOf(sandbox, present, resources.length) };
}

function healthOf(sandbox: Sandbox, present: number, total: number): Health {
  if (sandbox.status === "running" || sandbox.status === "expired") return present === total ? "healthy" : "degraded";
  if (isLive(sandbox.status) || sandbox.status === "destroying") return "in-progress";
  return present === 0 ? "clean" : "leftovers";
}
