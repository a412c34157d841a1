import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import pg from "pg";
import { closedPort, uniqueOwner } from "../../../test-support/servers.ts";
import { runBd } from "../../../test-support/run-bd.ts";

const owner = uniqueOwner();
const env = { BD_OWNER: owner };
const db = new pg.Pool({ connectionString: "postgres://postgres@127.0.0.1:5432/postgres", max: 1 });

async function rowsOfOwner(): Promise<number> {
  const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM bd.sandboxes WHERE owner = $1", [owner]);
  return rows[0]?.n ?? 0;
}

before(async () => {
  await runBd(["sandbox", "list"], env); // applies migrations, so the count below has a table to read
});
after(() => db.end());

/** One line on stderr with the code, no stack trace, the expected exit, nothing written. */
async function assertRefused(args: string[], exit: number, code: string, extraEnv: Record<string, string> = {}) {
  const result = await runBd(args, { ...env, ...extraEnv });
  assert.equal(result.code, exit, `${args.join(" ")}: exit ${result.code}, stderr ${result.stderr}`);
  const lines = result.stderr.trim().split("\n");
  assert.equal(lines.length, 1, `one line: ${result.stderr}`);
  assert.match(lines[0]!, new RegExp(`^bd: error ${code}: `));
  assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
  assert.equal(result.stdout, "");
  return result;
}

const badNames = ['a"; DROP SCHEMA public; --', "x".repeat(200), "UpperCase", "", "-leading", "a"];
for (const name of badNames) {
  test(`create refuses the name ${JSON.stringify(name.slice(0, 30))} and makes nothing`, async () => {
    await assertRefused(["sandbox", "create", "--", name], 2, "INVALID_NAME");
    assert.equal(await rowsOfOwner(), 0);
  });
}

for (const ttl of ["0", "-5h", "999d", "abc", "30m"]) {
  test(`create refuses the TTL ${ttl} and makes nothing`, async () => {
    await assertRefused(["sandbox", "create", "--ttl", ttl], 2, "INVALID_TTL");
    assert.equal(await rowsOfOwner(), 0);
  });
}

test("a bad --owner, --status or format is refused", async () => {
  await assertRefused(["sandbox", "create", "--owner", "Robert'); DROP TABLE"], 2, "INVALID_OWNER");
  await assertRefused(["sandbox", "list", "--status", "sleeping"], 2, "INVALID_ARGUMENT");
  await assertRefused(["sandbox", "connect", "whatever", "--format", "xml"], 2, "INVALID_ARGUMENT");
  await assertRefused(["sandbox", "create", "--bogus"], 2, "INVALID_ARGUMENT");
  await assertRefused(["sandbox", "destroy"], 2, "INVALID_ARGUMENT");
  assert.equal(await rowsOfOwner(), 0);
});

test("unknown sandboxes exit 3, malformed references exit 2", async () => {
  await assertRefused(["sandbox", "status", "no-such-sandbox"], 3, "SANDBOX_NOT_FOUND");
  await assertRefused(["sandbox", "destroy", "ffffffff-ffff-4fff-bfff-ffffffffffff"], 3, "SANDBOX_NOT_FOUND");
  await assertRefused(["sandbox", "connect", "Not A Ref"], 2, "INVALID_REF");
});

test("a bad setting in the environment is named", async () => {
  const result = await assertRefused(["sandbox", "list"], 2, "INVALID_CONFIG", { SANDBOX_MAX_PER_DEVELOPER: "lots" });
  assert.match(result.stderr, /SANDBOX_MAX_PER_DEVELOPER/);
});

test("an unreachable server exits 1 and names it with its URL, without the password", async () => {
  const port = await closedPort();
  const amqp = await assertRefused(["sandbox", "create"], 1, "BACKEND_UNAVAILABLE", { AMQP_URL: `amqp://guest:hunter2@127.0.0.1:${port}` });
  assert.match(amqp.stderr, new RegExp(`RabbitMQ is unreachable at amqp://guest:\\*\\*\\*@127\\.0\\.0\\.1:${port}`));
  assert.doesNotMatch(amqp.stderr, /hunter2/);

  const pgResult = await assertRefused(["sandbox", "list"], 1, "BACKEND_UNAVAILABLE", { DATABASE_URL: `postgres://bd:hunter2@127.0.0.1:${port}/bd` });
  assert.match(pgResult.stderr, new RegExp(`PostgreSQL is unreachable at postgres://bd:\\*\\*\\*@127\\.0\\.0\\.1:${port}/bd`));
  assert.doesNotMatch(pgResult.stderr, /hunter2/);
});

test("errors are JSON on stdout with --json", async () => {
  const result = await runBd(["sandbox", "create", "BAD", "--json"], env);
  assert.equal(result.code, 2);
  assert.deepEqual(Object.keys(JSON.parse(result.stdout).error), ["code", "message"]);
  assert.equal(JSON.parse(result.stdout).error.code, "INVALID_NAME");
});

test("help teaches and exits 0", async () => {
  const root = await runBd(["--help"]);
  assert.equal(root.code, 0);
  assert.match(root.stdout, /Exit codes:/);
  const create = await runBd(["sandbox", "create", "--help"]);
  assert.equal(create.code, 0);
  assert.match(create.stdout, /--ttl <ttl>/);
  assert.match(create.stdout, /Examples:/);
});
