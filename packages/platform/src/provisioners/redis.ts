/**
 * A sandbox's Redis namespace: every key under `sandbox:<sid>:`. A marker key records that
 * the namespace was made; destroy removes every key under the prefix and nothing else.
 */
import { resourceOf, resourcePatterns, type ResourcePlan } from "@bd/core";
import { sidsMatching } from "./inventory.js";
import { backendFailure } from "../backend-errors.js";
import type { Backends } from "../backends.js";
import type { Provisioner } from "./provisioner.js";

const scanBatch = 1000;

export function createRedisProvisioner(backends: Backends): Provisioner {
  const url = backends.urls.redisUrl;
  const fail = (action: string, cause: unknown) => backendFailure("redis", url, action, cause);
  const markerKey = (plan: ResourcePlan) => resourceOf(plan, "redis").markerKey;

  return {
    kind: "redis",

    async ensure(plan) {
      const redis = await backends.redis();
      const marker = JSON.stringify({ id: plan.sandbox.id, name: plan.sandbox.name });
      await redis.set(markerKey(plan), marker).catch((cause) => {
        throw fail(`write ${markerKey(plan)}`, cause);
      });
    },

    async destroy(plan) {
      const { keyPattern } = resourceOf(plan, "redis");
      const redis = await backends.redis();
      try {
        let cursor = "0";
        do {
          const [next, keys] = await redis.scan(cursor, "MATCH", keyPattern, "COUNT", scanBatch);
          if (keys.length > 0) await redis.unlink(...keys);
          cursor = next;
        } while (cursor !== "0");
      } catch (cause) {
        throw fail(`delete keys ${keyPattern}`, cause);
      }
    },

    async inspect(plan) {
      const { keyPattern } = resourceOf(plan, "redis");
      const redis = await backends.redis();
      let keys = 0;
      let cursor = "0";
      do {
        const [next, batch] = await redis.scan(cursor, "MATCH", keyPattern, "COUNT", scanBatch);
        keys += batch.length;
        cursor = next;
      } while (cursor !== "0");
      const exists = (await redis.exists(markerKey(plan))) === 1;
      return { kind: "redis", exists, detail: `${keyPattern}: ${keys} key${keys === 1 ? "" : "s"}${exists ? "" : ", marker absent"}`, isolation: "namespace" };
    },

    async inventory() {
      const redis = await backends.redis();
      const keys: string[] = [];
      let cursor = "0";
      do {
        const [next, batch] = await redis.scan(cursor, "MATCH", "sandbox:*", "COUNT", scanBatch);
        keys.push(...batch);
        cursor = next;
      } while (cursor !== "0");
      return sidsMatching(keys, resourcePatterns.redisKey);
    },
  };
}
