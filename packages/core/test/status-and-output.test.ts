import assert from "node:assert/strict";
import { test } from "node:test";
import {
  canTransition,
  connectionEnv,
  errorSpecs,
  formatConnectionEnv,
  parseConfig,
  planResources,
  redactUrl,
  renderSqlTemplate,
  resourceNames,
  sandboxStatuses,
  type Sandbox,
} from "@bd/core";

test("only the contract's status transitions are allowed", () => {
  const allowed = sandboxStatuses.flatMap((from) => sandboxStatuses.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`));
  assert.deepEqual(allowed, [
    "pending→creating",
    "pending→destroying",
    "creating→running",
    "creating→destroying",
    "running→expired",
    "running→destroying",
    "expired→destroying",
    "destroying→destroyed",
  ]);
});

test("every error code maps to an exit code of the contract", () => {
  for (const [code, spec] of Object.entries(errorSpecs)) assert.ok([1, 2, 3].includes(spec.exit), code);
  assert.equal(errorSpecs.SANDBOX_NOT_FOUND.exit, 3);
  assert.equal(errorSpecs.INVALID_TTL.exit, 2);
  assert.equal(errorSpecs.BACKEND_UNAVAILABLE.exit, 1);
});

test("URLs are shown without their password", () => {
  assert.equal(redactUrl("amqp://guest:guest@127.0.0.1:5672"), "amqp://guest:***@127.0.0.1:5672");
  assert.equal(redactUrl("redis://:s3cret@10.0.0.1:6379/2"), "redis://:***@10.0.0.1:6379/2");
  assert.equal(redactUrl("postgres://postgres@127.0.0.1:5432/postgres"), "postgres://postgres@127.0.0.1:5432/postgres");
  assert.equal(redactUrl("http://guest:guest@127.0.0.1:15672"), "http://guest:***@127.0.0.1:15672");
});

test("templates get quoted literals and identifiers, never raw text", () => {
  const sql = renderSqlTemplate("INSERT INTO t VALUES ({{sandbox_id}}, {{ sandbox_name }}); SET search_path TO {{schema}}; {{unknown}}", {
    sandboxId: "0f8fad5b-d9cb-469f-a165-70867728950e",
    sandboxName: "it's",
    schema: 'odd"name',
  });
  assert.equal(sql, `INSERT INTO t VALUES ('0f8fad5b-d9cb-469f-a165-70867728950e', 'it''s'); SET search_path TO "odd""name"; {{unknown}}`);
});

test("connect's environment puts a plain client into the sandbox", () => {
  const id = "0f8fad5b-d9cb-469f-a165-70867728950e";
  const sandbox: Sandbox = {
    id, name: "demo", owner: "alice", status: "running", ttlSeconds: 3600, createdAt: new Date(0), expiresAt: new Date(3600_000),
    destroyedAt: null, lastError: null, guildIds: ["80351110224678912", "80351110224678913"], isolation: {},
  };
  const env = connectionEnv(parseConfig({ SANDBOX_DISCORD_TOKEN: "tok" }), sandbox, resourceNames(id));
  const url = new URL(env.DATABASE_URL!);
  assert.equal(url.searchParams.get("options"), `-c search_path=sandbox_0f8fad5bd9cb469fa16570867728950e,public -c app.current_tenant=${id}`);
  assert.ok(env.DATABASE_URL!.includes("options=-c%20search_path%3D"), "spaces are %20, which libpq reads");
  assert.equal(env.SANDBOX_GUILD_IDS, "80351110224678912,80351110224678913");
  assert.equal(env.DISCORD_TOKEN, "tok");
  const lines = formatConnectionEnv({ A: "x", B: "it's" }, "env").split("\n");
  assert.deepEqual(lines, ["export A='x'", "export B='it'\\''s'"]);
  assert.equal(formatConnectionEnv({ A: "x" }, "dotenv"), "A='x'");
  assert.deepEqual(JSON.parse(formatConnectionEnv({ A: "x" }, "json")), { A: "x" });
});

test("the plan holds one resource per backend, named from the id", () => {
  const plan = planResources({ id: "0f8fad5b-d9cb-469f-a165-70867728950e", name: "demo", ttlSeconds: 7200 });
  assert.deepEqual(plan.resources.map((r) => r.kind), ["postgres", "redis", "rabbitmq", "nats"]);
  const nats = plan.resources[3];
  assert.ok(nats?.kind === "nats" && nats.maxAgeSeconds === 7200 && nats.stream === "SANDBOX_0f8fad5bd9cb469fa16570867728950e");
});
