/**
 * The JWTs of operator mode. Accounts get every limit set explicitly: a partial `limits` object
 * would leave the rest at 0 and the server would refuse connections.
 */
import { encodeAccount, encodeOperator, encodeUser, fmtCreds, fromSeed, type KeyPair } from "@nats-io/jwt";
import type { NatsPermissions } from "@bd/core";

const unlimited = -1;

export function keyPair(seed: string): KeyPair {
  return fromSeed(new TextEncoder().encode(seed));
}

export async function operatorJwt(operator: KeyPair, systemAccount: KeyPair): Promise<string> {
  return encodeOperator("bd", operator, { system_account: systemAccount.getPublicKey() });
}

export async function accountJwt(name: string, account: KeyPair, operator: KeyPair, options: { jetstream: boolean; revocations?: Record<string, number> }): Promise<string> {
  const jetstream = options.jetstream
    ? { mem_storage: unlimited, disk_storage: unlimited, streams: unlimited, consumer: unlimited, mem_max_stream_bytes: unlimited, disk_max_stream_bytes: unlimited, max_bytes_required: false, max_ack_pending: unlimited }
    : {};
  return encodeAccount(name, account, {
    limits: { subs: unlimited, data: unlimited, payload: unlimited, imports: unlimited, exports: unlimited, wildcards: true, conn: unlimited, leaf: unlimited, ...jetstream },
    ...(options.revocations && Object.keys(options.revocations).length > 0 ? { revocations: options.revocations } : {}),
  }, { signer: operator });
}

/** A user of `account`, limited to `permissions` (or unlimited when undefined: bd's own admin user). */
export async function userJwt(name: string, user: KeyPair, account: KeyPair, permissions?: NatsPermissions): Promise<string> {
  return encodeUser(name, user, account, {
    ...(permissions && { pub: { allow: [...permissions.pub] }, sub: { allow: [...permissions.sub] } }),
    subs: unlimited,
    data: unlimited,
    payload: unlimited,
  });
}

export function credsFile(jwt: string, user: KeyPair): Uint8Array {
  return fmtCreds(jwt, user);
}
