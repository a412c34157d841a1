import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { after, before, test } from "node:test";
import { resourceNames } from "@bd/core";
import { openServerView, uniqueOwner, resourcesPerSandbox, type ServerView } from "../../../test-support/servers.ts";
import { bdBin, runBd, runBdJson } from "../../../test-support/run-bd.ts";

const owner = uniqueOwner();
const env = { BD_OWNER: owner };
let view: ServerView;
let sandbox: { id: string; name: string };

before(async () => {
  view = await openServerView();
});
after(async () => {
  await runBd(["sandbox", "destroy", "--all", "--yes"], env);
  await view.close();
});

test("create --json returns the sandbox and its connection details", async () => {
  const result = await runBdJson(["sandbox", "create", `cli-${owner}`, "--ttl", "2h"], env);
  assert.equal(result.code, 0, result.stderr);
  sandbox = result.json.sandbox;
  assert.equal(result.json.sandbox.status, "running");
  assert.equal(result.json.sandbox.owner, owner);
  assert.equal(result.json.sandbox.ttlSeconds, 7200);
  assert.equal(result.json.connection.DATABASE_SCHEMA, resourceNames(sandbox.id).pgSchema);
  assert.equal((await view.leftovers(resourceNames(sandbox.id).sid)).length, resourcesPerSandbox);
});

test("human create output names the sandbox and how to use it", async () => {
  const result = await runBd(["sandbox", "create"], env);
  assert.equal(result.code, 0, result.stderr);
  const name = /^Sandbox (sandbox-[a-z0-9-]+) is running/.exec(result.stdout)?.[1];
  assert.ok(name?.startsWith(`sandbox-${owner}-`), result.stdout);
  assert.match(result.stdout, /eval "\$\(bd sandbox connect sandbox-/);
  const destroyed = await runBd(["sandbox", "destroy", name!], env);
  assert.equal(destroyed.code, 0, destroyed.stderr);
  assert.match(destroyed.stdout, new RegExp(`^Destroyed sandbox ${name}`));
});

test("list shows it as a table and as JSON", async () => {
  const human = await runBd(["sandbox", "list", "--owner", owner], env);
  assert.equal(human.code, 0);
  const [header, row, more] = human.stdout.trim().split("\n");
  assert.match(header!, /^NAME\s+ID\s+OWNER\s+STATUS\s+GUILDS\s+EXPIRES\s+CREATED$/);
  assert.match(row!, new RegExp(`^${sandbox.name}\\s+${sandbox.id.slice(0, 8)}\\s+${owner}\\s+running\\s+-\\s+in 1h 59m`));
  assert.equal(more, undefined);
  const json = await runBdJson(["sandbox", "list", "--owner", owner], env);
  assert.deepEqual(json.json.sandboxes.map((s: { id: string }) => s.id), [sandbox.id]);
});

test("connect's export lines work with eval in a shell", async () => {
  const script = `eval "$("${process.execPath}" "${bdBin}" sandbox connect ${sandbox.name})" && printf '%s|%s|%s' "$SANDBOX_ID" "$REDIS_PREFIX" "$DATABASE_URL"`;
  const { stdout } = await promisify(execFile)("bash", ["-c", script], { env: { ...process.env, ...env } });
  const [id, prefix, url] = stdout.split("|");
  assert.equal(id, sandbox.id);
  assert.equal(prefix, resourceNames(sandbox.id).redisPrefix);
  assert.match(url!, /options=-c%20search_path%3Dsandbox_/);
  const dotenv = await runBd(["sandbox", "connect", sandbox.id, "--format", "dotenv"], env);
  assert.match(dotenv.stdout, /^SANDBOX_ID='/m);
  const json = await runBdJson(["sandbox", "connect", sandbox.id.slice(0, 8)], env);
  for (const key of ["SANDBOX_ID", "SANDBOX_NAME", "DATABASE_URL", "DATABASE_SCHEMA", "REDIS_URL", "REDIS_PREFIX", "AMQP_URL", "RABBITMQ_EXCHANGE", "RABBITMQ_QUEUE", "NATS_URL", "NATS_PREFIX", "SANDBOX_GUILD_IDS"]) {
    assert.ok(key in json.json, key);
  }
});

test("status shows each backend's resource as the server reports it", async () => {
  const human = await runBd(["sandbox", "status", sandbox.name], env);
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, /status\s+running, healthy/);
  for (const backend of ["PostgreSQL", "Redis", "RabbitMQ"]) assert.match(human.stdout, new RegExp(`${backend}\\s+present\\s+enforced`));
  assert.match(human.stdout, /NATS\s+present\s+namespace/, "the machine's NATS is not in operator mode");
  const json = await runBdJson(["sandbox", "status", sandbox.name], env);
  assert.equal(json.json.health, "healthy");
  assert.doesNotMatch(human.stdout + json.stdout, /guest:guest|password/i, "status holds no secret");
});

test("destroy --all needs --yes without a terminal, and then destroys only the owner's sandboxes", async () => {
  const refused = await runBd(["sandbox", "destroy", "--all"], env);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /CONFIRMATION_REQUIRED/);
  assert.equal((await runBdJson(["sandbox", "list", "--owner", owner], env)).json.sandboxes.length, 1, "nothing was destroyed");

  const done = await runBdJson(["sandbox", "destroy", "--all", "--yes"], env);
  assert.equal(done.code, 0, done.stderr);
  assert.deepEqual(done.json.destroyed.map((s: { id: string }) => s.id), [sandbox.id]);
  assert.deepEqual(await view.leftovers(resourceNames(sandbox.id).sid), []);
  assert.equal((await runBdJson(["sandbox", "list", "--owner", owner], env)).json.sandboxes.length, 0);
});

test("destroying again succeeds and says so; connect to a destroyed sandbox is refused", async () => {
  const again = await runBd(["sandbox", "destroy", sandbox.id], env);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /already destroyed/);
  const connect = await runBd(["sandbox", "connect", sandbox.id], env);
  assert.equal(connect.code, 2);
  assert.match(connect.stderr, /INVALID_STATE/);
});
