import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import pg from "pg";
import { parseConfig } from "@bd/core";
import { createPlatform, type Platform } from "@bd/platform";
import { runBd, runBdJson } from "../../../test-support/run-bd.ts";
import { uniqueOwner } from "../../../test-support/servers.ts";

const owner = uniqueOwner();
const env = { BD_OWNER: owner, SANDBOX_MAX_PER_DEVELOPER: "10" };
let platform: Platform;
const db = new pg.Pool({ connectionString: "postgres://postgres@127.0.0.1:5432/postgres", max: 1 });
const snowflake = () => `2${String(Math.floor(Math.random() * 1e17)).padStart(17, "0")}`;

before(async () => {
  platform = createPlatform(parseConfig({ ...process.env, ...env }));
  await platform.context.ready();
});
after(async () => {
  for (const s of await platform.service.list({ owner })) await platform.service.destroy(s.id);
  await platform.close();
  await db.end();
});

async function liveRowsOfOwner(): Promise<number> {
  const { rows } = await db.query("SELECT count(*)::int AS n FROM bd.sandboxes WHERE owner = $1 AND status <> 'destroyed'", [owner]);
  return rows[0].n;
}

test("create --guild registers guilds; list, status and connect show them", async () => {
  const [g1, g2] = [snowflake(), snowflake()];
  const created = await runBdJson(["sandbox", "create", `g-${owner}`, "--guild", g1, "--guild", g2], env);
  assert.equal(created.code, 0, created.stderr);
  assert.deepEqual([...created.json.sandbox.guildIds].sort(), [g1, g2].sort());
  const list = await runBd(["sandbox", "list", "--owner", owner], env);
  assert.match(list.stdout, new RegExp([g1, g2].sort().join(",")));
  const status = await runBd(["sandbox", "status", `g-${owner}`], env);
  assert.match(status.stdout, new RegExp(`guilds\\s+${[g1, g2].sort().join(", ")}`));
  const connect = await runBdJson(["sandbox", "connect", `g-${owner}`], env);
  assert.equal(connect.json.SANDBOX_GUILD_IDS, [g1, g2].sort().join(","));
});

test("a guild held by another sandbox is refused, naming the holder; nothing changes", async () => {
  const held = snowflake();
  const holder = await platform.service.create({ guilds: [held] });
  const before = await liveRowsOfOwner();
  const create = await runBd(["sandbox", "create", "--guild", held], env);
  assert.equal(create.code, 2);
  assert.match(create.stderr, new RegExp(`GUILD_TAKEN: guild ${held} is already registered to sandbox ${holder.name}`));
  assert.equal(await liveRowsOfOwner(), before, "no sandbox was made");

  const other = await platform.service.create({});
  const free = snowflake();
  const register = await runBd(["sandbox", "register-guild", other.name, free, held], env);
  assert.equal(register.code, 2);
  assert.match(register.stderr, /GUILD_TAKEN/);
  assert.deepEqual((await platform.service.resolve(other.id)).guildIds, [], "the free guild was not registered either");
});

test("two sandboxes registering one guild at once: exactly one gets it", async () => {
  const [a, b] = await Promise.all([platform.service.create({}), platform.service.create({})]);
  const contested = snowflake();
  const outcomes = await Promise.allSettled([platform.service.registerGuilds(a.id, [contested]), platform.service.registerGuilds(b.id, [contested])]);
  assert.deepEqual(outcomes.map((o) => o.status).sort(), ["fulfilled", "rejected"]);
  const rejected = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
  assert.equal(rejected.reason.code, "GUILD_TAKEN");
});

test("bad guild input: invalid snowflakes, unknown or destroyed sandboxes, a guild not held", async () => {
  const target = await platform.service.create({});
  for (const bad of ["123", "abcdefghijklmnopqr", "1234567890123456789012", "-1"]) {
    const result = await runBd(["sandbox", "register-guild", target.name, "--", bad], env);
    assert.equal(result.code, 2, bad);
    assert.match(result.stderr, /^bd: error INVALID_GUILD_ID: /, bad);
  }
  assert.equal((await runBd(["sandbox", "create", "--guild", "12"], env)).code, 2);
  assert.equal((await runBd(["sandbox", "register-guild", "no-such-sandbox", snowflake()], env)).code, 3);
  const notHeld = await runBd(["sandbox", "unregister-guild", target.name, snowflake()], env);
  assert.equal(notHeld.code, 2);
  assert.match(notHeld.stderr, /GUILD_NOT_HELD/);
  await platform.service.destroy(target.id);
  const destroyed = await runBd(["sandbox", "register-guild", target.id, snowflake()], env);
  assert.equal(destroyed.code, 2);
  assert.match(destroyed.stderr, /INVALID_STATE: sandbox .* is destroyed/);
});

test("destroy releases the sandbox's guilds", async () => {
  const guild = snowflake();
  const first = await platform.service.create({ guilds: [guild] });
  await platform.service.destroy(first.id);
  const second = await platform.service.create({ guilds: [guild] });
  assert.deepEqual(second.guildIds, [guild]);
});

test("the guild pool: add, lease with --guild auto, exhaustion, return on destroy, remove", async () => {
  // The pool is shared by everyone on this control plane: lease until it is empty, then add ours.
  const pooled = snowflake();
  const added = await runBd(["guilds", "add", pooled, "--label", "qa test guild"], env);
  assert.equal(added.code, 0, added.stderr);
  const leased: string[] = [];
  for (;;) {
    const result = await runBdJson(["sandbox", "create", "--guild", "auto"], env);
    if (result.code !== 0) {
      assert.equal(result.json.error.code, "NO_FREE_GUILD");
      assert.match(result.json.error.message, /bd guilds add/);
      break;
    }
    leased.push(result.json.sandbox.id);
    assert.equal(result.json.sandbox.guildIds.length, 1);
    assert.ok(leased.length < 10, "the pool ran dry");
  }
  const list = await runBdJson(["guilds", "list"], env);
  const mine = list.json.guilds.find((g: { guildId: string }) => g.guildId === pooled);
  assert.equal(mine.label, "qa test guild");
  assert.ok(mine.heldBy, "our pooled guild is leased");
  const removeLeased = await runBd(["guilds", "remove", pooled], env);
  assert.equal(removeLeased.code, 2);
  assert.match(removeLeased.stderr, /GUILD_TAKEN: guild \d+ is leased by sandbox/);

  await platform.service.destroy(mine.heldBy.id);
  const again = await runBdJson(["sandbox", "create", "--guild", "auto"], env);
  assert.deepEqual(again.json.sandbox.guildIds, [pooled], "destroy returned it to the pool");
  await platform.service.destroy(again.json.sandbox.id);
  assert.equal((await runBd(["guilds", "remove", pooled], env)).code, 0);
  assert.equal((await runBd(["guilds", "remove", pooled], env)).code, 2, "removing twice is refused");
  assert.equal((await runBd(["guilds", "add", "nope"], env)).code, 2);
  for (const id of leased) await platform.service.destroy(id).catch(() => {});
});
