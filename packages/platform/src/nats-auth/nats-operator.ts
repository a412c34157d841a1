/**
 * Operator mode: bd holds the account's signing key, mints a user JWT per sandbox at create
 * (never on the router's path: signing costs milliseconds of CPU), and revokes it at destroy by
 * pushing the account JWT, with the user in its revocation list, through the system account.
 * The server then closes the revoked user's connections.
 */
import { connect, jwtAuthenticator, type Authenticator } from "@nats-io/transport-node";
import type { KeyPair } from "@nats-io/jwt";
import { Codec } from "@nats-io/nkeys/lib/codec.js";
import { fromSeed, Prefix } from "@nats-io/nkeys";
import type { NatsPermissions } from "@bd/core";
import { readNatsAuthFile, type NatsAuthFile } from "./auth-file.js";
import { accountJwt, keyPair, userJwt } from "./nats-jwts.js";

export interface MintedUser {
  readonly jwt: string;
  readonly user: KeyPair;
}

export interface NatsOperator {
  /** bd's own unlimited user in the application account (streams, consumers, fixtures). */
  adminAuthenticator(): Promise<Authenticator>;
  /** A user of the application account limited to `permissions`. */
  mintUser(name: string, permissions: NatsPermissions, user?: KeyPair): Promise<MintedUser>;
  /** Publishes the account JWT with these revocations (user public key → unix seconds). */
  pushRevocations(natsUrl: string, revocations: Readonly<Record<string, number>>): Promise<void>;
}

/** A user key pair from 32 bytes of derived seed: the same sandbox always gets the same key. */
export function userKeyFromSeed(raw: Uint8Array): KeyPair {
  return fromSeed(Codec.encodeSeed(Prefix.User, raw));
}

export function createNatsOperator(authFile: string): NatsOperator {
  let file: Promise<NatsAuthFile> | undefined;
  const load = () => (file ??= readNatsAuthFile(authFile));
  let admin: Promise<Authenticator> | undefined;
  let system: Promise<MintedUser> | undefined;

  async function mint(name: string, permissions: NatsPermissions | undefined, user: KeyPair, signer: "account" | "system"): Promise<MintedUser> {
    const auth = await load();
    const account = keyPair(signer === "account" ? auth.accountSeed : auth.systemAccountSeed);
    return { jwt: await userJwt(name, user, account, permissions), user };
  }

  const authenticatorOf = ({ jwt, user }: MintedUser) => jwtAuthenticator(jwt, user.getSeed());

  return {
    adminAuthenticator: () => (admin ??= mint("bd-admin", undefined, userKeyFromSeed(crypto.getRandomValues(new Uint8Array(32))), "account").then(authenticatorOf)),

    mintUser: (name, permissions, user = userKeyFromSeed(crypto.getRandomValues(new Uint8Array(32)))) => mint(name, permissions, user, "account"),

    async pushRevocations(natsUrl, revocations) {
      const auth = await load();
      system ??= mint("bd-system", undefined, userKeyFromSeed(crypto.getRandomValues(new Uint8Array(32))), "system");
      const jwt = await accountJwt(auth.accountName, keyPair(auth.accountSeed), keyPair(auth.operatorSeed), { jetstream: true, revocations: { ...revocations } });
      const nc = await connect({ servers: natsUrl, authenticator: authenticatorOf(await system), timeout: 5_000, name: "bd-system" });
      try {
        const reply = (await nc.request("$SYS.REQ.CLAIMS.UPDATE", jwt, { timeout: 5_000 })).json<{ error?: { description?: string } }>();
        if (reply.error) throw new Error(`account update refused: ${reply.error.description ?? JSON.stringify(reply.error)}`);
      } finally {
        await nc.close();
      }
    },
  };
}
