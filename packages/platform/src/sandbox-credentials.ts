/**
 * The sandbox's own logins for `connect`, for the backends that enforce them. Passwords are
 * derived on demand (see credential-vault.ts); nothing here is logged or stored.
 */
import { resourceNames, type Login, type Sandbox, type SandboxCredentials } from "@bd/core";
import type { ServiceContext } from "./service-context.js";

export async function sandboxCredentials(ctx: ServiceContext, sandbox: Sandbox): Promise<SandboxCredentials> {
  const { principal } = resourceNames(sandbox.id);
  const login = async (kind: "postgres" | "redis" | "rabbitmq"): Promise<Login | undefined> =>
    sandbox.isolation[kind] === "enforced" ? { user: principal, password: await ctx.vault.password(kind, sandbox.id) } : undefined;
  const [postgres, redis, rabbitmq] = await Promise.all([login("postgres"), login("redis"), login("rabbitmq")]);
  return {
    ...(postgres && { postgres }),
    ...(redis && { redis }),
    ...(rabbitmq && { rabbitmq }),
  };
}
