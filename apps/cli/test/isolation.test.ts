import assert from "node:assert/strict";
import { mkdtemp, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, test } from "node:test";
import { connect as connectAmqp } from "amqplib";
import { Redis } from "ioredis";
import pg from "pg";
import { connect as connectNats, credsAuthenticator, type NatsConnection } from "@nats-io/transport-node";
import { parseConfig, resourceNames, type ConnectionEnv, type Sandbox } from "@bd/core";
import { createPlatform, type Platform } from "@bd/platform";
import { startNatsServer, type NatsServer } from "../../../test-support/nats-server.ts";
import { startRouter } from "../../../test-support/router-process.ts";
import { runBd, runBdJson } from "../../../test-support/run-bd.ts";
import { closedPort, openServerView, uniqueOwner, type ServerView } from "../../../test-support/servers.ts";

let nats: NatsServer;
let platform: Platform;
let view: ServerView;
let env: Record<string, string>;
let a: Sandbox;
let b: Sandbox;
let aEnv: ConnectionEnv;

before(async () => {
  nats = await startNatsServer({ operator: true });
  env = { NATS_URL: nats.url, BD_NATS_AUTH: nats.authFile!, BD_STATE_DIR: await mkdtemp(join(tmpdir(), "bd-state-")), BD_OWNER: uniqueOwner(), SANDBOX_MAX_PER_DEVELOPER: "10" };
  platform = createPlatform(parseConfig({ ...process.env, ...env }));
  view = await openServerView();
  [a, b] = [await platform.service.create({}), await platform.service.create({})];
  aEnv = (await runBdJson(["sandbox", "connect", a.name], env)).json;
  await runBd(["sandbox", "verify", b.name], env); // makes the production fixtures the matrix aims at
});

after(async () => {
  for (const s of await platform.service.list({ owner: env.BD_OWNER })) await platform.service.destroy(s.id).catch(() => {});
  await platform.close();
  await view.close();
  await nats.dispose();
});

type Outcome = "allowed" | "refused";

/** Runs one attempt and classifies the server's answer; anything else fails the test loudly. */
async function outcomeOf(run: () => Promise<unknown>, refusal: RegExp): Promise<Outcome> {
  try {
    await run();
    return "allowed";
  } catch (error) {
    const text = `${(error as { code?: string }).code ?? ""} ${(error as Error).message}`;
    if (refusal.test(text)) return "refused";
    throw error;
  }
}

async function natsOutcome(nc: NatsConnection, violations: string[], subject: string, run: () => void): Promise<Outcome> {
  run();
  await nc.flush();
  await new Promise((resolve) => setTimeout(resolve, 200));
  return violations.some((v) => v.includes(`"${subject}"`)) ? "refused" : "allowed";
}

test("with A's credentials from connect: A's resources work, B's and production's are refused by every server", async () => {
  const B = resourceNames(b.id);
  const results: Record<string, Outcome> = {};

  const db = new pg.Client({ connectionString: aEnv.DATABASE_URL });
  await db.connect();
  const pgRefused = /^42501/;
  results["pg own read"] = await outcomeOf(() => db.query("SELECT * FROM communities"), pgRefused);
  results["pg own write"] = await outcomeOf(() => db.query("INSERT INTO profiles (community_id, discord_user_id) VALUES (current_tenant(), '111111111111111111')"), pgRefused);
  results["pg B read"] = await outcomeOf(() => db.query(`SELECT * FROM ${B.pgSchema}.communities`), pgRefused);
  results["pg B write"] = await outcomeOf(() => db.query(`INSERT INTO ${B.pgSchema}.profiles (community_id, discord_user_id) VALUES ('${b.id}', '1')`), pgRefused);
  results["pg production read"] = await outcomeOf(() => db.query("SELECT * FROM public.bd_isolation_probe"), pgRefused);
  results["pg production write"] = await outcomeOf(() => db.query("INSERT INTO public.bd_isolation_probe VALUES ('x')"), pgRefused);
  const seen = await db.query("SELECT id FROM communities");
  assert.deepEqual(seen.rows.map((r) => r.id), [a.id], "row-level security shows only A's own community");
  await db.end();

  const redis = new Redis(aEnv.REDIS_URL!, { enableReadyCheck: false, maxRetriesPerRequest: 1 });
  const noperm = /NOPERM/;
  results["redis own write"] = await outcomeOf(() => redis.set(`${aEnv.REDIS_PREFIX}k`, "v"), noperm);
  results["redis own read"] = await outcomeOf(() => redis.get(`${aEnv.REDIS_PREFIX}k`), noperm);
  results["redis B read"] = await outcomeOf(() => redis.get(B.redisMarkerKey), noperm);
  results["redis B write"] = await outcomeOf(() => redis.set(`${B.redisPrefix}k`, "v"), noperm);
  results["redis production read"] = await outcomeOf(() => redis.get("bd:isolation-probe"), noperm);
  results["redis production write"] = await outcomeOf(() => redis.set("production:key", "v"), noperm);
  redis.disconnect();

  const amqp = await connectAmqp(aEnv.AMQP_URL!);
  amqp.on("error", () => {});
  const denied = /ACCESS.REFUSED|403/;
  const onChannel = (fn: (ch: Awaited<ReturnType<typeof amqp.createConfirmChannel>>) => Promise<unknown>) => async () => {
    const ch = await amqp.createConfirmChannel();
    let reason: Error | undefined;
    ch.on("error", (e: Error) => (reason = e));
    try {
      await fn(ch);
      await ch.close();
    } catch (error) {
      throw reason ?? error;
    }
  };
  const publish = (exchange: string) => onChannel(async (ch) => {
    ch.publish(exchange, "events.x", Buffer.from("m"));
    await ch.waitForConfirms();
  });
  results["amqp own write"] = await outcomeOf(publish(aEnv.RABBITMQ_EXCHANGE!), denied);
  results["amqp own read"] = await outcomeOf(onChannel((ch) => ch.get(aEnv.RABBITMQ_QUEUE!)), denied);
  results["amqp B write"] = await outcomeOf(publish(B.amqpExchange), denied);
  results["amqp B read"] = await outcomeOf(onChannel((ch) => ch.get(B.amqpQueue)), denied);
  results["amqp production write"] = await outcomeOf(publish("bd.isolation-probe"), denied);
  results["amqp production read"] = await outcomeOf(onChannel((ch) => ch.get("bd.isolation-probe")), denied);
  await amqp.close();

  const nc = await connectNats({ servers: aEnv.NATS_URL!, authenticator: credsAuthenticator(await readFile(aEnv.NATS_CREDS!)), inboxPrefix: aEnv.NATS_INBOX_PREFIX! });
  const violations: string[] = [];
  void (async () => {
    for await (const s of nc.status()) if (s.type === "error") violations.push((s as { error: Error }).error.message);
  })();
  const ownSubject = `${aEnv.NATS_PREFIX}events.x`;
  const ownSub = nc.subscribe(ownSubject, { max: 1 });
  results["nats own write"] = await natsOutcome(nc, violations, ownSubject, () => nc.publish(ownSubject, "m"));
  for await (const m of ownSub) results["nats own read"] = m.string() === "m" ? "allowed" : "refused";
  results["nats B read"] = await natsOutcome(nc, violations, B.natsSubjects, () => nc.subscribe(B.natsSubjects));
  results["nats B write"] = await natsOutcome(nc, violations, `${B.natsPrefix}events.x`, () => nc.publish(`${B.natsPrefix}events.x`, "m"));
  results["nats production read"] = await natsOutcome(nc, violations, "events.>", () => nc.subscribe("events.>"));
  results["nats production write"] = await natsOutcome(nc, violations, "events.message_create", () => nc.publish("events.message_create", "m"));
  await nc.close();

  const expected = Object.fromEntries(Object.keys(results).map((k) => [k, k.includes(" own ") ? "allowed" : "refused"]));
  assert.equal(Object.keys(results).length, 24);
  assert.deepEqual(results, expected);
});

test("bd sandbox verify passes on a healthy sandbox and fails once A is granted access to B", async () => {
  const healthy = await runBdJson(["sandbox", "verify", a.name, "--against", b.name], env);
  assert.equal(healthy.code, 0, healthy.stdout);
  assert.equal(healthy.json.verdict.passed, true);
  assert.ok(healthy.json.attempts.filter((x: { outcome: string }) => x.outcome !== "skipped").length >= 16);
  assert.deepEqual(new Set(healthy.json.attempts.map((x: { backend: string }) => x.backend)), new Set(["postgres", "redis", "rabbitmq", "nats"]));

  const [A, B] = [resourceNames(a.id), resourceNames(b.id)];
  await view.pg.query(`GRANT USAGE ON SCHEMA ${B.pgSchema} TO ${A.principal}; GRANT SELECT ON ALL TABLES IN SCHEMA ${B.pgSchema} TO ${A.principal}`);
  try {
    const broken = await runBd(["sandbox", "verify", a.name, "--against", b.name], env);
    assert.equal(broken.code, 1);
    assert.match(broken.stdout, new RegExp(`BREACH\\s+PostgreSQL\\s+other sandbox\\s+read ${B.pgSchema}\\.communities`));
    assert.match(broken.stderr, /ISOLATION_BROKEN/);
  } finally {
    await view.pg.query(`REVOKE ALL ON ALL TABLES IN SCHEMA ${B.pgSchema} FROM ${A.principal}; REVOKE USAGE ON SCHEMA ${B.pgSchema} FROM ${A.principal}`);
  }
  assert.equal((await runBd(["sandbox", "verify", a.name, "--against", b.name], env)).code, 0, "passes again once the grant is gone");
  assert.equal(healthy.json.other.id, b.id);
});

test("secrets appear nowhere but in connect's output and the 0600 creds file", async () => {
  const secrets = [aEnv.DATABASE_URL, aEnv.REDIS_URL, aEnv.AMQP_URL].map((url) => decodeURIComponent(new URL(url!).password));
  assert.ok(secrets.every((s) => s.length >= 32), "every enforcing backend has a password");
  const outputs = [
    (await runBd(["sandbox", "list", "--json"], env)).stdout,
    (await runBd(["sandbox", "list"], env)).stdout,
    (await runBd(["sandbox", "status", a.name, "--json"], env)).stdout,
    (await runBd(["sandbox", "status", a.name], env)).stdout,
    (await runBd(["sandbox", "verify", a.name, "--json"], env)).stdout,
    JSON.stringify((await view.pg.query("SELECT * FROM bd.audit_log WHERE sandbox_id = $1", [a.id])).rows),
    JSON.stringify((await view.pg.query("SELECT * FROM bd.sandboxes WHERE id = $1", [a.id])).rows),
  ];
  for (const output of outputs) for (const secret of secrets) assert.ok(!output.includes(secret), "a password leaked");
  assert.equal((await stat(aEnv.NATS_CREDS!)).mode & 0o777, 0o600);
});

test("destroy closes a connected worker everywhere, and its credentials stop working", async () => {
  const doomed = await platform.service.create({});
  const e = (await runBdJson(["sandbox", "connect", doomed.name], env)).json as ConnectionEnv;
  const db = new pg.Client({ connectionString: e.DATABASE_URL });
  db.on("error", () => {});
  await db.connect();
  const redis = new Redis(e.REDIS_URL!, { enableReadyCheck: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on("error", () => {});
  await redis.ping();
  const amqp = await connectAmqp(e.AMQP_URL!);
  const amqpClosed = new Promise((resolve) => amqp.on("close", resolve));
  amqp.on("error", () => {});
  const nc = await connectNats({ servers: e.NATS_URL!, authenticator: credsAuthenticator(await readFile(e.NATS_CREDS!)), inboxPrefix: e.NATS_INBOX_PREFIX!, maxReconnectAttempts: 1, reconnectTimeWait: 50 });

  const destroyed = await runBd(["sandbox", "destroy", doomed.name], env);
  assert.equal(destroyed.code, 0, destroyed.stderr);

  await assert.rejects(db.query("SELECT 1"), "the PostgreSQL session was terminated");
  await assert.rejects(redis.ping(), "the Redis connection was closed");
  await Promise.race([amqpClosed, new Promise((_, reject) => setTimeout(() => reject(new Error("RabbitMQ connection still open")), 5000))]);
  const natsClosed = await Promise.race([nc.closed().then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 5000))]);
  assert.equal(natsClosed, true, "the NATS connection was closed");

  await assert.rejects(async () => {
    const again = new pg.Client({ connectionString: e.DATABASE_URL });
    await again.connect();
  }, /password authentication failed|does not exist|not permitted to log in/);
  const login = new Redis(e.REDIS_URL!, { lazyConnect: true, enableReadyCheck: false, retryStrategy: () => null });
  const loginErrors: string[] = [];
  login.on("error", (error: Error) => loginErrors.push(error.message));
  await assert.rejects(login.connect());
  assert.match(loginErrors.join("; "), /WRONGPASS/, "Redis refuses the deleted user");
  await assert.rejects(connectAmqp(e.AMQP_URL!), /ACCESS_REFUSED|403/);
  await assert.rejects(connectNats({ servers: e.NATS_URL!, authenticator: credsAuthenticator(await readFile(e.NATS_CREDS!)), maxReconnectAttempts: 0 }), /Authorization Violation/);
});

test("a server that cannot make users: namespace-only when optional, a clean failure when mandatory", async () => {
  const port = await closedPort();
  const noManagement = { ...env, RABBITMQ_MANAGEMENT_URL: `http://guest:guest@127.0.0.1:${port}`, BD_OWNER: uniqueOwner() };
  const optional = await runBdJson(["sandbox", "create"], noManagement);
  assert.equal(optional.code, 0, optional.stdout);
  assert.equal(optional.json.sandbox.isolation.rabbitmq, "namespace");
  assert.equal(optional.json.sandbox.isolation.postgres, "enforced");
  const status = await runBd(["sandbox", "status", optional.json.sandbox.id], noManagement);
  assert.match(status.stdout, /RabbitMQ\s+present\s+namespace/);
  assert.equal((await runBd(["sandbox", "destroy", optional.json.sandbox.id], noManagement)).code, 0);

  const mandatory = await runBd(["sandbox", "create", "--json"], { ...noManagement, SANDBOX_REQUIRE_ISOLATION: "true" });
  assert.equal(mandatory.code, 1);
  assert.equal(JSON.parse(mandatory.stdout).error.code, "ISOLATION_UNAVAILABLE");
  assert.match(JSON.parse(mandatory.stdout).error.message, /RabbitMQ can only separate sandboxes by name/);
  const [attempt] = await platform.service.list({ all: true, owner: noManagement.BD_OWNER, status: "destroyed" }).then((rows) => rows.filter((r) => r.id !== optional.json.sandbox.id));
  assert.ok(attempt, "the failed attempt is recorded");
  assert.deepEqual(await view.leftovers(resourceNames(attempt.id).sid), [], "nothing of it is left");
});

test("in operator mode the router routes with its own scoped user, and workers receive with theirs", async () => {
  const guild = `6${String(Date.now()).padStart(17, "0")}`;
  await platform.service.registerGuilds(a.id, [guild]);
  const router = await startRouter(env);
  const worker = await connectNats({ servers: aEnv.NATS_URL!, authenticator: credsAuthenticator(await readFile(aEnv.NATS_CREDS!)), inboxPrefix: aEnv.NATS_INBOX_PREFIX! });
  const production = await connectNats({ servers: nats.url, authenticator: credsAuthenticator(await readFile(join(dirname(nats.authFile!), "production.creds"))) });
  const productionViolations: string[] = [];
  void (async () => {
    for await (const s of production.status()) if (s.type === "error") productionViolations.push((s as { error: Error }).error.message);
  })();
  try {
    const toSandbox = worker.subscribe(`${aEnv.NATS_PREFIX}events.>`, { max: 1, timeout: 10_000 });
    const toProduction = production.subscribe("events.message_create", { max: 1, timeout: 10_000 });
    production.subscribe("sandbox.>");
    await Promise.all([worker.flush(), production.flush()]);

    assert.equal((await runBd(["events", "emit", "MESSAGE_CREATE", "--guild", guild], env)).code, 0);
    assert.equal((await runBd(["events", "emit", "MESSAGE_CREATE", "--guild", "700000000000000001"], env)).code, 0);
    for await (const m of toSandbox) assert.equal(m.json<{ d: { guild_id: string } }>().d.guild_id, guild);
    for await (const m of toProduction) assert.equal(m.json<{ d: { guild_id: string } }>().d.guild_id, "700000000000000001");
    assert.ok(productionViolations.some((v) => v.includes('"sandbox.>"')), "a production worker cannot listen to sandboxes");
    assert.doesNotMatch(router.logs(), /forward failed|Permissions Violation/);
  } finally {
    await Promise.all([worker.close(), production.close(), router.stop()]);
  }
});
