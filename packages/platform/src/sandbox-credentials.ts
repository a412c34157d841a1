/**
 * The sandbox's own logins for `connect`, for the backends that enforce them. Passwords are
 * derived on demand (see credential-vault.ts) and never logged; the NATS creds file (the user
 * JWT and its derived seed) is written for the worker with mode 0600.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { ErrorCode, resourceNames, SandboxError, type Login, type Sandbox, type SandboxCredentials } from "@bd/core";
import { credsFile } from "./nats-auth/nats-jwts.js";
import { userKeyFromSeed } from "./nats-auth/nats-operator.js";
import type { ServiceContext } from "./service-context.js";

export async function sandboxCredentials(ctx: ServiceContext, sandbox: Sandbox): Promise<SandboxCredentials> {
  const { principal } = resourceNames(sandbox.id);
  const login = async (kind: "postgres" | "redis" | "rabbitmq"): Promise<Login | undefined> =>
    sandbox.isolation[kind] === "enforced" ? { user: principal, password: await ctx.vault.password(kind, sandbox.id) } : undefined;
  const [postgres, redis, rabbitmq, natsCreds] = await Promise.all([login("postgres"), login("redis"), login("rabbitmq"), writeNatsCreds(ctx, sandbox)]);
  return {
    ...(postgres && { postgres }),
    ...(redis && { redis }),
    ...(rabbitmq && { rabbitmq }),
    ...(natsCreds && { natsCreds }),
  };
}

async function writeNatsCreds(ctx: ServiceContext, sandbox: Sandbox): Promise<string | undefined> {
  if (sandbox.isolation.nats !== "enforced") return undefined;
  const jwt = await ctx.store.natsUserJwt(sandbox.id);
  if (!jwt) throw new SandboxError(ErrorCode.InvalidState, `sandbox ${sandbox.name} has no NATS user: destroy and create it again`);
  const user = userKeyFromSeed(await ctx.vault.seed("nats-seed", sandbox.id));
  const dir = `${ctx.config.stateDir}/creds`;
  const path = `${dir}/${resourceNames(sandbox.id).principal}.creds`;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(path, credsFile(jwt, user), { mode: 0o600 });
  return path;
}
