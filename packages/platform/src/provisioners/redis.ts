/**
 * A sandbox's Redis namespace: every key under `sandbox:<sid>:`, and — where the server has ACLs
 * and bd may manage them — an ACL user confined to those keys and channels, without dangerous
 * commands or ones that reveal other keys' names (SCAN, RANDOMKEY). A marker key records that
 * the namespace was made; destroy removes the user (Redis disconnects its clients), then every
 * key under the prefix and nothing else.
 */
import { inventoryFilters, resourceOf, resourcePatterns, type ResourcePlan } from "@bd/core";
import type { Redis } from "ioredis";
import { backendFailure } from "../backend-errors.js";
import type { Backends } from "../backends.js";
import type { CredentialVault } from "../credential-vault.js";
import { sidsMatching } from "./inventory.js";
import { redisPasswordHash } from "./password-hashes.js";
import type { Provisioner } from "./provisioner.js";

const scanBatch = 1000;

async function scanAll(redis: Redis, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await redis.scan(cursor, "MATCH", pattern, "COUNT", scanBatch);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== "0");
  return keys;
}

export function createRedisProvisioner(backends: Backends, vault: CredentialVault): Provisioner {
  const url = backends.urls.redisUrl;
  const fail = (action: string, cause: unknown) => backendFailure("redis", url, action, cause);
  let aclUsable: Promise<boolean> | undefined;
  // Managed Redis often forbids ACL commands: then sandboxes are separated by prefix alone.
  const canManageAcl = async (redis: Redis) =>
    (aclUsable ??= redis.call("ACL", "USERS").then(
      () => true,
      () => false,
    ));

  return {
    kind: "redis",

    async connect() {
      await backends.redis();
    },

    async ensure(plan) {
      const { keyPattern, markerKey } = resourceOf(plan, "redis");
      const redis = await backends.redis();
      try {
        const enforce = await canManageAcl(redis);
        if (enforce) {
          const hash = redisPasswordHash(await vault.password("redis", plan.sandbox.id));
          await redis.call("ACL", "SETUSER", plan.names.principal, "reset", "on", `#${hash}`, `~${keyPattern}`, `&${keyPattern}`, "+@all", "-@dangerous", "-scan", "-randomkey");
        }
        await redis.set(markerKey, JSON.stringify({ id: plan.sandbox.id, name: plan.sandbox.name }));
        return { isolation: enforce ? "enforced" : "namespace" };
      } catch (cause) {
        throw fail(`create the namespace ${keyPattern}`, cause);
      }
    },

    async destroy(plan) {
      const { keyPattern } = resourceOf(plan, "redis");
      const redis = await backends.redis();
      try {
        if (await canManageAcl(redis)) await redis.call("ACL", "DELUSER", plan.names.principal);
        const keys = await scanAll(redis, keyPattern);
        for (let i = 0; i < keys.length; i += scanBatch) await redis.unlink(...keys.slice(i, i + scanBatch));
      } catch (cause) {
        throw fail(`delete keys ${keyPattern}`, cause);
      }
    },

    async inspect(plan) {
      const { keyPattern, markerKey } = resourceOf(plan, "redis");
      const redis = await backends.redis();
      const keys = (await scanAll(redis, keyPattern)).length;
      const exists = (await redis.exists(markerKey)) === 1;
      const user = (await canManageAcl(redis)) && (await redis.call("ACL", "GETUSER", plan.names.principal)) !== null;
      const detail = `${keyPattern}: ${keys} key${keys === 1 ? "" : "s"}${exists ? "" : ", marker absent"}${user ? `, ACL user ${plan.names.principal}` : ""}`;
      return { kind: "redis", exists, detail, isolation: user ? "enforced" : "namespace" };
    },

    async inventory() {
      const redis = await backends.redis();
      const users = (await canManageAcl(redis)) ? ((await redis.call("ACL", "USERS")) as string[]) : [];
      return new Set([...sidsMatching(await scanAll(redis, inventoryFilters.redisMatch), resourcePatterns.redisKey), ...sidsMatching(users, resourcePatterns.principal)]);
    },
  };
}
