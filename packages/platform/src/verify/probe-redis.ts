/** Redis attempts, through a plain client on the sandbox's own REDIS_URL. */
import { Redis } from "ioredis";
import type { Attempt, ConnectionEnv, ProbeTarget } from "@bd/core";
import type { ProbeTargets } from "./probe-targets.js";

export async function probeRedis(env: ConnectionEnv, targets: ProbeTargets): Promise<Attempt[]> {
  // An ACL user without INFO cannot pass ioredis's ready check.
  const redis = new Redis(env.REDIS_URL!, { lazyConnect: true, enableReadyCheck: false, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on("error", () => {});
  const attempts: Attempt[] = [];
  const attempt = async (target: ProbeTarget, action: string, run: () => Promise<unknown>) => {
    try {
      const result = await run();
      attempts.push({ backend: "redis", target, action, outcome: "allowed", detail: String(result) });
    } catch (error) {
      const message = (error as Error).message;
      attempts.push({ backend: "redis", target, action, outcome: /NOPERM|WRONGPASS|NOAUTH/.test(message) ? "refused" : "failed", detail: message });
    }
  };
  try {
    await redis.connect();
  } catch (error) {
    return [{ backend: "redis", target: "own", action: "log in", outcome: "refused", detail: (error as Error).message }];
  }
  const own = targets.own.redisProbeKey;
  try {
    await attempt("own", `write ${own}`, () => redis.set(own, "probe"));
    await attempt("own", `read ${own}`, () => redis.get(own));
    if (targets.other) {
      await attempt("other sandbox", `read ${targets.other.redisMarkerKey}`, () => redis.get(targets.other!.redisMarkerKey));
      await attempt("other sandbox", `write ${targets.other.redisProbeKey}`, () => redis.set(targets.other!.redisProbeKey, "probe"));
    }
    await attempt("production", `read ${targets.production.redisKey}`, () => redis.get(targets.production.redisKey));
    await attempt("production", `write ${targets.production.redisKey}`, () => redis.set(targets.production.redisKey, "probe"));
    await attempt("production", "list every key name (SCAN)", () => redis.scan("0", "COUNT", 10));
    await redis.del(own).catch(() => {});
  } finally {
    redis.disconnect();
  }
  return attempts;
}
