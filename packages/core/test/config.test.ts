import assert from "node:assert/strict";
import { test } from "node:test";
import { parseConfig } from "@bd/core";

test("zero configuration points at local services", () => {
  const config = parseConfig({ USER: "Jane Doe" });
  assert.equal(config.databaseUrl, "postgres://postgres@127.0.0.1:5432/postgres");
  assert.equal(config.redisUrl, "redis://127.0.0.1:6379");
  assert.equal(config.amqpUrl, "amqp://guest:guest@127.0.0.1:5672");
  assert.equal(config.natsUrl, "nats://127.0.0.1:4222");
  assert.equal(config.defaultTtlSeconds, 86400);
  assert.equal(config.maxPerDeveloper, 3);
  assert.equal(config.cleanupIntervalMinutes, 15);
  assert.equal(config.owner, "jane-doe");
  assert.ok(Object.isFrozen(config));
});

test("owner: BD_OWNER, else the git user, else $USER", () => {
  assert.equal(parseConfig({ BD_OWNER: "alice", USER: "bob" }, { gitUserName: "Carol" }).owner, "alice");
  assert.equal(parseConfig({ USER: "bob" }, { gitUserName: "Carol King" }).owner, "carol-king");
  assert.equal(parseConfig({ USER: "bob" }, { gitUserName: "" }).owner, "bob");
  assert.throws(() => parseConfig({ BD_OWNER: "Not Valid" }), { code: "INVALID_OWNER" });
});

test("unusable settings are refused by name", () => {
  const cases: Record<string, string>[] = [
    { SANDBOX_MAX_PER_DEVELOPER: "0" },
    { SANDBOX_MAX_PER_DEVELOPER: "2.5" },
    { SANDBOX_DEFAULT_TTL_HOURS: "abc" },
    { SANDBOX_DEFAULT_TTL_HOURS: "1000" },
    { SANDBOX_CLEANUP_INTERVAL_MINUTES: "-1" },
    { DATABASE_URL: "not a url" },
  ];
  for (const env of cases) {
    const key = Object.keys(env)[0]!;
    assert.throws(() => parseConfig(env), (e: Error & { code?: string }) => e.code === "INVALID_CONFIG" && e.message.includes(key), key);
  }
});
