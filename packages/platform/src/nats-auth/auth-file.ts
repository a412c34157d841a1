/**
 * `bd nats init`'s key file: the operator, system account and application account seeds that
 * let bd sign account and user JWTs. It is written with mode 0600 and named by BD_NATS_AUTH.
 */
import { readFile } from "node:fs/promises";
import { ErrorCode, SandboxError } from "@bd/core";

export interface NatsAuthFile {
  readonly version: 1;
  readonly operatorSeed: string;
  readonly systemAccountSeed: string;
  readonly accountSeed: string;
  readonly accountName: string;
}

export async function readNatsAuthFile(path: string): Promise<NatsAuthFile> {
  let parsed: Partial<NatsAuthFile>;
  try {
    parsed = JSON.parse(await readFile(path, "utf8")) as Partial<NatsAuthFile>;
  } catch (cause) {
    throw new SandboxError(ErrorCode.InvalidConfig, `BD_NATS_AUTH names ${path}, which is not a readable bd nats key file (make one with bd nats init)`, { cause });
  }
  if (parsed.version !== 1 || !parsed.operatorSeed || !parsed.systemAccountSeed || !parsed.accountSeed || !parsed.accountName) {
    throw new SandboxError(ErrorCode.InvalidConfig, `${path} is not a bd nats key file (make one with bd nats init)`);
  }
  return parsed as NatsAuthFile;
}
