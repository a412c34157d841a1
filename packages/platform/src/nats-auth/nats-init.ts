/**
 * `bd nats init`: makes the operator, the system account and the application account, and
 * writes what the server includes (operator JWT, system account, a full resolver preloaded with
 * both accounts) and what bd and the other roles need (key file and creds, all mode 0600).
 */
import { mkdir, writeFile, access } from "node:fs/promises";
import { join, resolve } from "node:path";
import { createAccount, createOperator, createUser } from "@nats-io/jwt";
import { ErrorCode, productionNatsPermissions, routerNatsPermissions, SandboxError, type NatsPermissions } from "@bd/core";
import type { NatsAuthFile } from "./auth-file.js";
import { accountJwt, credsFile, operatorJwt, userJwt } from "./nats-jwts.js";

export interface NatsInitResult {
  readonly dir: string;
  readonly serverConfig: string;
  readonly authFile: string;
  readonly routerCreds: string;
  readonly productionCreds: string;
  readonly accountPublicKey: string;
}

const secretFile = { mode: 0o600 } as const;

export async function initNats(dir: string, options: { force?: boolean; accountName?: string } = {}): Promise<NatsInitResult> {
  const root = resolve(dir);
  const authFile = join(root, "bd-nats.json");
  if (!options.force && (await access(authFile).then(() => true, () => false))) {
    throw new SandboxError(ErrorCode.InvalidArgument, `${authFile} exists already: keep it, or pass --force to make new keys (every minted credential stops working)`);
  }
  await mkdir(join(root, "jwt"), { recursive: true, mode: 0o700 });

  const operator = createOperator();
  const system = createAccount();
  const account = createAccount();
  const accountName = options.accountName ?? "BD";
  const [operatorToken, systemToken, accountToken] = await Promise.all([
    operatorJwt(operator, system),
    accountJwt("SYS", system, operator, { jetstream: false }),
    accountJwt(accountName, account, operator, { jetstream: true }),
  ]);

  const auth: NatsAuthFile = {
    version: 1,
    operatorSeed: new TextDecoder().decode(operator.getSeed()),
    systemAccountSeed: new TextDecoder().decode(system.getSeed()),
    accountSeed: new TextDecoder().decode(account.getSeed()),
    accountName,
  };
  const serverConfig = join(root, "nats-server.conf");
  const config = [
    "# Written by bd nats init: include this in the nats-server configuration (with JetStream on).",
    `operator: "${operatorToken}"`,
    `system_account: ${system.getPublicKey()}`,
    `resolver: { type: full, dir: "${join(root, "jwt")}", allow_delete: false, interval: "2m" }`,
    "resolver_preload: {",
    `  ${system.getPublicKey()}: "${systemToken}"`,
    `  ${account.getPublicKey()}: "${accountToken}"`,
    "}",
    "",
  ].join("\n");

  const roleCreds = async (name: string, permissions: NatsPermissions) => {
    const user = createUser();
    return credsFile(await userJwt(name, user, account, permissions), user);
  };
  const routerCreds = join(root, "router.creds");
  const productionCreds = join(root, "production.creds");
  await writeFile(authFile, `${JSON.stringify(auth, null, 2)}\n`, secretFile);
  await writeFile(serverConfig, config);
  await writeFile(routerCreds, await roleCreds("bd-router", routerNatsPermissions), secretFile);
  await writeFile(productionCreds, await roleCreds("production-worker", productionNatsPermissions), secretFile);
  return { dir: root, serverConfig, authFile, routerCreds, productionCreds, accountPublicKey: account.getPublicKey() };
}
