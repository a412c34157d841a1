import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import { connect as connectAmqp } from "amqplib";
import { connect as connectNats } from "@nats-io/transport-node";
import { jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import { parseConfig, resourceNames } from "@bd/core";
import { createPlatform, type Platform } from "@bd/platform";
import { startService } from "../../../test-support/router-process.ts";
import { runBd, runBdJson } from "../../../test-support/run-bd.ts";
import { openServerView, uniqueOwner, resourcesPerSandbox, type ServerView } from "../../../test-support/servers.ts";

// Three seconds of grace: long enough that other test files' creates in flight are never
// "stuck", short enough to wait for here.
const graceEnv = { SANDBOX_STUCK_GRACE_MINUTES: "0.05" };
const owner = uniqueOwner();
const env = { BD_OWNER: owner, SANDBOX_MAX_PER_DEVELOPER: "50", ...graceEnv };
let platform: Platform;
let view: ServerView;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

before(async () => {
  platform = createPlatform(parseConfig({ ...process.env, ...env }));
  view = await openServerView();
});
after(async () => {
  for (const s of await platform.service.list({ owner })) await platform.service.destroy(s.id).catch(() => {});
  await platform.close();
  await view.close();
});

async function expireNow(ids: readonly string[]) {
  await view.pg.query("UPDATE bd.sandboxes SET expires_at = now() - interval '1 minute' WHERE id = ANY($1)", [ids]);
}

async function auditOf(id: string): Promise<string[]> {
  const { rows } = await view.pg.query("SELECT actor, action, outcome, detail->>'reason' AS reason FROM bd.audit_log WHERE sandbox_id = $1 ORDER BY id", [id]);
  return rows.map((r) => `${r.actor}:${r.action}:${r.outcome}${r.reason ? `:${r.reason}` : ""}`);
}

test("an expired sandbox is gone from every server after one pass, and the audit says why", async () => {
  const sandbox = await platform.service.create({ guilds: [`5${String(Math.floor(Math.random() * 1e17)).padStart(17, "0")}`] });
  await expireNow([sandbox.id]);
  const pass = await runBdJson(["sandbox", "cleanup"], env);
  assert.equal(pass.code, 0, pass.stderr);
  const action = pass.json.actions.find((a: { sandboxId: string }) => a.sandboxId === sandbox.id);
  assert.deepEqual({ reason: action.reason, outcome: action.outcome }, { reason: "expired", outcome: "done" });
  assert.deepEqual(await view.leftovers(resourceNames(sandbox.id).sid), []);
  const after = await platform.service.resolve(sandbox.id);
  assert.equal(after.status, "destroyed");
  assert.deepEqual(after.guildIds, [], "its guild is released");
  const audit = await auditOf(sandbox.id);
  assert.ok(audit.includes("reaper:expire:ok"), audit.join());
  assert.ok(audit.includes("reaper:destroy:ok:expired"), audit.join());
});

test("two passes at once never act on the same sandbox twice", async () => {
  const sandboxes = await Promise.all([1, 2, 3].map(() => platform.service.create({})));
  await expireNow(sandboxes.map((s) => s.id));
  const [a, b] = await Promise.all([runBdJson(["sandbox", "cleanup"], env), runBdJson(["sandbox", "cleanup"], env)]);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.code, 0, b.stderr);
  for (const sandbox of sandboxes) {
    const audit = await auditOf(sandbox.id);
    assert.equal(audit.filter((line) => line === "reaper:expire:ok").length, 1, audit.join());
    assert.equal(audit.filter((line) => line.startsWith("reaper:destroy:")).length, 1, audit.join());
    const actedBy = [a, b].filter((pass) => pass.json.actions.some((x: { sandboxId: string }) => x.sandboxId === sandbox.id));
    assert.equal(actedBy.length, 1, "one pass reported it");
  }
});

test("a create killed after any step leaves nothing once a pass has run", async () => {
  const steps = ["create:recorded", "create:creating", "create:postgres", "create:redis", "create:rabbitmq", "create:nats"];
  const names = steps.map((step) => `crash-${step.split(":")[1]}-${randomBytes(3).toString("hex")}`);
  const results = await Promise.all(steps.map((step, i) => runBd(["sandbox", "create", names[i]!], { ...env, BD_FAULT_AFTER_STEP: step })));
  for (const [i, result] of results.entries()) assert.equal(result.signal, "SIGKILL", `${steps[i]} killed the process`);
  const rows = await Promise.all(names.map((name) => platform.service.resolve(name)));
  assert.ok(rows.every((row) => row.status === "pending" || row.status === "creating"), rows.map((r) => r.status).join());

  await sleep(3500); // past the grace: these are stuck now, not in progress
  const pass = await runBdJson(["sandbox", "cleanup"], env);
  assert.equal(pass.code, 0, pass.stderr);
  for (const row of rows) {
    assert.equal((await platform.service.resolve(row.id)).status, "destroyed", row.name);
    assert.deepEqual(await view.leftovers(resourceNames(row.id).sid), [], `nothing left of ${row.name}`);
    assert.ok((await auditOf(row.id)).includes("reaper:destroy:ok:stuck"));
  }
});

test("a destroy killed after any step leaves nothing once a pass has run", async () => {
  const steps = ["destroy:destroying", "destroy:postgres", "destroy:redis", "destroy:rabbitmq", "destroy:nats"];
  const sandboxes = await Promise.all(steps.map(() => platform.service.create({})));
  const results = await Promise.all(steps.map((step, i) => runBd(["sandbox", "destroy", sandboxes[i]!.id], { ...env, BD_FAULT_AFTER_STEP: step })));
  for (const [i, result] of results.entries()) assert.equal(result.signal, "SIGKILL", `${steps[i]} killed the process`);
  for (const s of sandboxes) assert.equal((await platform.service.resolve(s.id)).status, "destroying");

  await sleep(3500);
  assert.equal((await runBd(["sandbox", "cleanup"], env)).code, 0);
  for (const s of sandboxes) {
    assert.equal((await platform.service.resolve(s.id)).status, "destroyed");
    assert.deepEqual(await view.leftovers(resourceNames(s.id).sid), []);
  }
});

interface Planted {
  sid: string;
  check(): Promise<string[]>;
}

/** Orphans in all four servers under the naming scheme, plus production-named look-alikes. */
async function plant(jsm: JetStreamManager): Promise<{ orphan: Planted; production: () => Promise<string[]>; cleanup: () => Promise<void> }> {
  const sid = randomUUID().replaceAll("-", "");
  const tag = randomBytes(3).toString("hex");
  await view.pg.query(`CREATE SCHEMA sandbox_${sid}; CREATE TABLE sandbox_${sid}.t (x int); CREATE ROLE sandbox_${sid} LOGIN`);
  await view.redis.call("ACL", "SETUSER", `sandbox_${sid}`, "on", "nopass", `~sandbox:${sid}:*`);
  const management = { authorization: `Basic ${Buffer.from("guest:guest").toString("base64")}`, "content-type": "application/json" };
  await fetch(`http://127.0.0.1:15672/api/users/sandbox_${sid}`, { method: "PUT", headers: management, body: JSON.stringify({ password: "x", tags: "" }) });
  await view.pg.query(`CREATE SCHEMA sandbox_notes_${tag}; CREATE TABLE public.prod_${tag} (x int)`);
  await view.redis.set(`sandbox:${sid}:cache`, "1");
  await view.redis.set(`production:${tag}`, "1");
  await view.redis.set(`sandbox:not-a-sid-${tag}:k`, "1");
  const amqp = await connectAmqp("amqp://guest:guest@127.0.0.1:5672");
  const channel = await amqp.createChannel();
  await channel.assertExchange(`sandbox.${sid}.events`, "topic");
  await channel.assertQueue(`sandbox.${sid}.worker`);
  await channel.assertQueue(`events.worker.${tag}`);
  await channel.assertExchange(`sandbox.notes.${tag}`, "topic");
  await amqp.close();
  await jsm.streams.add({ name: `SANDBOX_${sid}`, subjects: [`sandbox.${sid}.>`] });
  await jsm.streams.add({ name: `PRODUCTION_${tag}`, subjects: [`prodtest.${tag}.>`] });

  const production = async () => {
    const missing: string[] = [];
    const schemas = await view.pg.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [`sandbox_notes_${tag}`]);
    if (schemas.rowCount !== 1) missing.push("schema sandbox_notes");
    const table = await view.pg.query("SELECT to_regclass($1) AS t", [`public.prod_${tag}`]);
    if (!table.rows[0].t) missing.push("table public.prod");
    if ((await view.redis.exists(`production:${tag}`, `sandbox:not-a-sid-${tag}:k`)) !== 2) missing.push("redis keys");
    if (!(await view.amqpExists("queue", `events.worker.${tag}`))) missing.push("queue events.worker");
    if (!(await view.amqpExists("exchange", `sandbox.notes.${tag}`))) missing.push("exchange sandbox.notes");
    if ((await view.natsStreams(`PRODUCTION_${tag}`)).length !== 1) missing.push("stream PRODUCTION_x");
    return missing;
  };
  const cleanup = async () => {
    await view.pg.query(`DROP SCHEMA IF EXISTS sandbox_notes_${tag}; DROP TABLE IF EXISTS public.prod_${tag}`);
    await view.redis.del(`production:${tag}`, `sandbox:not-a-sid-${tag}:k`);
    const conn = await connectAmqp("amqp://guest:guest@127.0.0.1:5672");
    const ch = await conn.createChannel();
    await ch.deleteQueue(`events.worker.${tag}`);
    await ch.deleteExchange(`sandbox.notes.${tag}`);
    await conn.close();
    await jsm.streams.delete(`PRODUCTION_${tag}`);
  };
  return { orphan: { sid, check: () => view.leftovers(sid) }, production, cleanup };
}

test("orphans in all four servers are removed; live sandboxes and production-named resources are not", async () => {
  const nc = await connectNats({ servers: "nats://127.0.0.1:4222" });
  const jsm = await jetstreamManager(nc);
  const live = await Promise.all([platform.service.create({}), platform.service.create({})]);
  await view.redis.set(`${resourceNames(live[0]!.id).redisPrefix}data`, "keep me");
  const planted = await plant(jsm);
  try {
    assert.equal((await planted.orphan.check()).length, resourcesPerSandbox, "planted: schema, role, key, ACL user, exchange, queue, user, stream");

    const dry = await runBdJson(["sandbox", "cleanup", "--dry-run"], env);
    assert.equal(dry.code, 0, dry.stderr);
    const would = dry.json.actions.find((a: { sandboxId: string }) => a.sandboxId.replaceAll("-", "") === planted.orphan.sid);
    assert.deepEqual({ reason: would.reason, outcome: would.outcome, backends: [...would.backends].sort() }, { reason: "orphan", outcome: "would", backends: ["nats", "postgres", "rabbitmq", "redis"] });
    assert.equal((await planted.orphan.check()).length, resourcesPerSandbox, "--dry-run changed nothing");
    const human = await runBd(["sandbox", "cleanup", "--dry-run"], env);
    assert.match(human.stdout, new RegExp(`would destroy\\s+orphan ${planted.orphan.sid.slice(0, 8)}`));

    const pass = await runBdJson(["sandbox", "cleanup"], env);
    assert.equal(pass.code, 0, pass.stderr);
    assert.deepEqual(pass.json.unreadable, [], "every server's inventory was read (RabbitMQ through its management API)");
    assert.deepEqual(await planted.orphan.check(), [], "the orphan is gone from every server");
    assert.deepEqual(await planted.production(), [], "production-named resources are untouched");
    for (const sandbox of live) assert.equal((await view.leftovers(resourceNames(sandbox.id).sid)).length, sandbox === live[0] ? resourcesPerSandbox + 1 : resourcesPerSandbox, "live sandboxes keep everything");
    assert.equal(await view.redis.get(`${resourceNames(live[0]!.id).redisPrefix}data`), "keep me");
  } finally {
    await planted.cleanup();
    await nc.drain();
  }
});

test("extend moves the expiry; bad input changes nothing", async () => {
  const sandbox = await platform.service.create({ ttl: "2h" });
  const extended = await runBdJson(["sandbox", "extend", sandbox.name, "--ttl", "48h"], env);
  assert.equal(extended.code, 0, extended.stderr);
  const hours = (Date.parse(extended.json.sandbox.expiresAt) - Date.now()) / 3_600_000;
  assert.ok(hours > 47.9 && hours <= 48, `${hours}`);
  const list = await runBd(["sandbox", "list", "--owner", owner], env);
  assert.match(list.stdout, new RegExp(`${sandbox.name}.*in (1d 23h|2d)`));

  const tooLong = await runBd(["sandbox", "extend", sandbox.name, "--ttl", "8d"], env);
  assert.equal(tooLong.code, 2);
  assert.match(tooLong.stderr, /INVALID_TTL/);
  assert.equal((await runBd(["sandbox", "extend", "no-such-sandbox", "--ttl", "1h"], env)).code, 3);
  assert.equal((await runBd(["sandbox", "extend", sandbox.name], env)).code, 2, "--ttl is required");
  await platform.service.destroy(sandbox.id);
  const destroyed = await runBd(["sandbox", "extend", sandbox.id, "--ttl", "1h"], env);
  assert.equal(destroyed.code, 2);
  assert.match(destroyed.stderr, /INVALID_STATE: sandbox .* is destroyed/);
  assert.equal((await platform.service.resolve(sandbox.id)).expiresAt.toISOString(), extended.json.sandbox.expiresAt, "unchanged");
});

test("a negative or malformed cleanup interval is refused", async () => {
  for (const value of ["-1", "0", "soon"]) {
    const result = await runBd(["reaper"], { ...env, SANDBOX_CLEANUP_INTERVAL_MINUTES: value });
    assert.equal(result.code, 2, value);
    assert.match(result.stderr, /INVALID_CONFIG: SANDBOX_CLEANUP_INTERVAL_MINUTES/);
  }
});

test("of two bd reaper processes exactly one leads; when it stops, the other takes over", async () => {
  const reaperEnv = { ...env, SANDBOX_CLEANUP_INTERVAL_MINUTES: "0.01" };
  const reapers = [await startService(["reaper"], reaperEnv, /reaper started/), await startService(["reaper"], reaperEnv, /reaper started/)];
  try {
    await sleep(1500);
    const leaders = reapers.filter((r) => r.logs().includes("leading the reapers"));
    assert.equal(leaders.length, 1, "exactly one leader");
    const [leader, follower] = leaders[0] === reapers[0] ? [reapers[0]!, reapers[1]!] : [reapers[1]!, reapers[0]!];

    const first = await platform.service.create({});
    await expireNow([first.id]);
    await leader.waitForLog(new RegExp(`reaped ${first.name}`), 10_000);
    assert.equal((await platform.service.resolve(first.id)).status, "destroyed");

    assert.equal(await leader.stop("SIGTERM"), 0, "SIGTERM ends the leader cleanly");
    assert.match(leader.logs(), /reaper stopped/);
    await follower.waitForLog(/leading the reapers/, 10_000);
    const second = await platform.service.create({});
    await expireNow([second.id]);
    await follower.waitForLog(new RegExp(`reaped ${second.name}`), 10_000);
    assert.deepEqual(await view.leftovers(resourceNames(second.id).sid), []);
    for (const sandbox of [first, second]) {
      const audit = await auditOf(sandbox.id);
      assert.equal(audit.filter((line) => line.startsWith("reaper:")).length, 2, `one expire and one destroy for ${sandbox.name}: ${audit.join()}`);
    }
  } finally {
    await Promise.all(reapers.map((r) => r.stop()));
  }
});
