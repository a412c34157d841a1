/**
 * A sandbox's JetStream stream `SANDBOX_<sid>` capturing `sandbox.<sid>.>`, single replica, and
 * — in operator mode — a user JWT confined to its subjects, inbox and stream. Destroy revokes the
 * user first and deletes the stream second, so a crash in between leaves a stream the reaper's
 * inventory finds, and its destroy revokes again.
 */
import { DiscardPolicy, JetStreamApiCodes, JetStreamApiError, jetstreamManager, RetentionPolicy, StorageType, type JetStreamManager } from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import { resourceOf, resourcePatterns, sandboxNatsPermissions, type ResourcePlan } from "@bd/core";
import type { CredentialVault } from "../credential-vault.js";
import type { Db } from "../db.js";
import { userKeyFromSeed, type NatsOperator } from "../nats-auth/nats-operator.js";
import { sidsMatching } from "./inventory.js";
import { backendFailure } from "../backend-errors.js";
import type { Backends } from "../backends.js";
import type { Provisioner } from "./provisioner.js";

function isStreamNotFound(error: unknown): boolean {
  return error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound;
}

export interface NatsOperatorMode {
  readonly operator: NatsOperator;
  readonly vault: CredentialVault;
  readonly db: Db;
}

export function createNatsProvisioner(backends: Backends, operatorMode?: NatsOperatorMode): Provisioner {
  const url = backends.urls.natsUrl;
  const fail = (action: string, cause: unknown) => backendFailure("nats", url, action, cause);
  const sandboxUser = async (plan: ResourcePlan) => userKeyFromSeed(await operatorMode!.vault.seed("nats-seed", plan.sandbox.id));

  /** Records the revocation and pushes the account JWT; one at a time, so no push drops another's. */
  async function revoke(plan: ResourcePlan): Promise<void> {
    const { db, operator } = operatorMode!;
    const publicKey = (await sandboxUser(plan)).getPublicKey();
    try {
      await db.transaction(async (client) => {
        await client.query("SELECT pg_advisory_xact_lock(hashtext('bd.nats-revocations'))");
        await client.query("INSERT INTO bd.nats_revocations (user_public_key, sandbox_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", [publicKey, plan.sandbox.id]);
        const { rows } = await client.query<{ user_public_key: string; at: number }>(
          "SELECT user_public_key, extract(epoch FROM revoked_at)::bigint AS at FROM bd.nats_revocations",
        );
        await operator.pushRevocations(url, Object.fromEntries(rows.map((row) => [row.user_public_key, Number(row.at)])));
      });
    } catch (cause) {
      throw fail(`revoke the user of ${plan.names.principal}`, cause);
    }
  }

  // Cheap to make (no API check): made per call so it always rides the current connection.
  const jsm = async (): Promise<JetStreamManager> => jetstreamManager(await backends.nats(), { checkAPI: false });

  return {
    kind: "nats",

    async connect() {
      await backends.nats();
    },

    async ensure(plan) {
      const stream = resourceOf(plan, "nats");
      try {
        const streams = (await jsm()).streams;
        const config = {
          name: stream.stream,
          subjects: [stream.subjects],
          retention: RetentionPolicy.Limits,
          storage: StorageType.File,
          num_replicas: 1,
          discard: DiscardPolicy.Old,
          max_age: nanos(stream.maxAgeSeconds * 1000),
          max_bytes: stream.maxBytes,
          max_msgs: stream.maxMessages,
        };
        // Adding an identical stream again succeeds on the server, which keeps ensure idempotent.
        await streams.add(config);
      } catch (cause) {
        throw fail(`create stream ${stream.stream}`, cause);
      }
      if (!operatorMode) return { isolation: "namespace" };
      try {
        const minted = await operatorMode.operator.mintUser(plan.names.principal, sandboxNatsPermissions(plan.names), await sandboxUser(plan));
        return { isolation: "enforced", natsUserJwt: minted.jwt };
      } catch (cause) {
        throw fail(`mint the user of ${plan.names.principal}`, cause);
      }
    },

    async destroy(plan) {
      const { stream } = resourceOf(plan, "nats");
      if (operatorMode) await revoke(plan);
      try {
        await (await jsm()).streams.delete(stream);
      } catch (cause) {
        if (!isStreamNotFound(cause)) throw fail(`delete stream ${stream}`, cause);
      }
    },

    async inspect(plan) {
      const { stream, subjects } = resourceOf(plan, "nats");
      try {
        const info = await (await jsm()).streams.info(stream);
        const user = operatorMode ? `, user ${(await sandboxUser(plan)).getPublicKey().slice(0, 12)}…` : "";
        return { kind: "nats", exists: true, detail: `stream ${stream} on ${subjects}: ${info.state.messages} messages${user}`, isolation: operatorMode ? "enforced" : "namespace" };
      } catch (cause) {
        if (isStreamNotFound(cause)) return { kind: "nats", exists: false, detail: `stream ${stream} absent`, isolation: "namespace" };
        throw fail(`inspect stream ${stream}`, cause);
      }
    },

    async inventory() {
      const names: string[] = [];
      for await (const name of (await jsm()).streams.names()) names.push(name);
      return sidsMatching(names, resourcePatterns.natsStream);
    },
  };
}
