import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { connect as connectAmqp } from "amqplib";
import { Redis } from "ioredis";
import pg from "pg";
import { connect as connectNats } from "@nats-io/transport-node";
import { jetstream } from "@nats-io/jetstream";
import { resourceNames, type Sandbox } from "@bd/core";
import { createPlatform, type Platform } from "@bd/platform";
import { openServerView, testConfig, resourcesPerSandbox, type ServerView } from "../../../test-support/servers.ts";

let platform: Platform;
let view: ServerView;
let a: Sandbox;
let b: Sandbox;

before(async () => {
  platform = createPlatform(testConfig());
  view = await openServerView();
  [a, b] = await Promise.all([platform.service.create({}), platform.service.create({ ttl: "2h" })]);
});

after(async () => {
  await platform.service.destroy(b.id).catch(() => {});
  await platform.service.destroy(a.id).catch(() => {});
  await platform.close();
  await view.close();
});

test("create makes every resource, as each server sees it", async () => {
  const names = resourceNames(a.id);
  assert.equal(a.status, "running");
  assert.deepEqual(await view.pgSchemas(names.sid), [names.pgSchema]);
  const { rows } = await view.pg.query<{ tablename: string; forced: boolean }>(
    `SELECT c.relname AS tablename, c.relforcerowsecurity AS forced FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind = 'r' ORDER BY 1`,
    [names.pgSchema],
  );
  assert.deepEqual(rows.map((r) => r.tablename), ["audit_entries", "badges", "communities", "eligibility_rules", "profiles"]);
  assert.ok(rows.every((r) => r.forced), "row-level security is forced on every tenant table");
  const community = await view.pg.query(`SELECT name FROM ${names.pgSchema}.communities WHERE id = $1`, [a.id]);
  assert.equal(community.rows[0]?.name, a.name, "the sandbox's own community row exists");
  assert.deepEqual(await view.redisKeys(names.sid), [names.redisMarkerKey]);
  assert.equal(await view.amqpExists("exchange", names.amqpExchange), true);
  assert.equal(await view.amqpExists("queue", names.amqpQueue), true);
  assert.deepEqual(await view.natsStreams(names.sid), [names.natsStream]);
  assert.equal(b.ttlSeconds, 7200);
});

test("connect's values work for plain clients of each server", async () => {
  const { env } = await platform.service.connect(a.name);
  assert.equal(env.SANDBOX_ID, a.id);
  assert.equal(env.SANDBOX_GUILD_IDS, "");

  const client = new pg.Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  try {
    const setting = await client.query("SELECT current_schema() AS schema, current_setting('app.current_tenant') AS tenant");
    assert.deepEqual(setting.rows[0], { schema: env.DATABASE_SCHEMA, tenant: a.id });
    await client.query("INSERT INTO profiles (community_id, discord_user_id) VALUES (current_tenant(), '123456789012345678')");
  } finally {
    await client.end();
  }
  const written = await view.pg.query(`SELECT count(*)::int AS n FROM ${env.DATABASE_SCHEMA}.profiles`);
  assert.equal(written.rows[0]?.n, 1, "the unqualified INSERT landed in the sandbox's schema");

  const redis = new Redis(env.REDIS_URL!);
  await redis.set(`${env.REDIS_PREFIX}greeting`, "hello");
  await redis.quit();
  assert.ok((await view.redisKeys(resourceNames(a.id).sid)).includes(`${env.REDIS_PREFIX}greeting`));

  const amqp = await connectAmqp(env.AMQP_URL!);
  const channel = await amqp.createConfirmChannel();
  channel.publish(env.RABBITMQ_EXCHANGE!, "events.message_create", Buffer.from("ping"));
  await channel.waitForConfirms();
  const message = await channel.get(env.RABBITMQ_QUEUE!, { noAck: true });
  await amqp.close();
  assert.ok(message !== false && message.content.toString() === "ping", "a message published to the exchange reaches the queue");

  const nc = await connectNats({ servers: env.NATS_URL! });
  const ack = await jetstream(nc).publish(`${env.NATS_PREFIX}events.message_create`, "pong");
  await nc.drain();
  assert.equal(ack.stream, env.NATS_STREAM, "a publish under the prefix is stored in the sandbox's stream");
});

test("status reports every resource present and the sandbox healthy", async () => {
  const report = await platform.service.status(a.id.slice(0, 8));
  assert.equal(report.health, "healthy");
  assert.deepEqual(report.resources.map((r) => "exists" in r && r.exists), [true, true, true, true]);
});

test("destroy leaves nothing of the sandbox in any server and spares the other one", async () => {
  const sid = resourceNames(a.id).sid;
  const result = await platform.service.destroy(a.name);
  assert.equal(result.sandbox.status, "destroyed");
  assert.equal(result.alreadyDestroyed, false);
  assert.deepEqual(await view.leftovers(sid), []);
  const live = await platform.service.list();
  assert.ok(!live.some((s) => s.id === a.id), "list no longer shows it");
  assert.ok((await platform.service.list({ all: true })).some((s) => s.id === a.id && s.status === "destroyed"), "list --all still does");

  const other = resourceNames(b.id);
  assert.equal((await view.leftovers(other.sid)).length, resourcesPerSandbox, "the other sandbox keeps everything");

  const again = await platform.service.destroy(a.id);
  assert.equal(again.alreadyDestroyed, true, "a second destroy succeeds and says so");
  assert.deepEqual(await view.leftovers(sid), []);
});

test("every step is in the audit log", async () => {
  const { rows } = await view.pg.query<{ action: string; outcome: string }>(
    "SELECT action, outcome FROM bd.audit_log WHERE sandbox_id = $1 ORDER BY id",
    [a.id],
  );
  assert.deepEqual(rows.map((r) => `${r.action}:${r.outcome}`), ["create:started", "create:ok", "destroy:ok", "destroy:ok"]);
});
