import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { resourceNames, SandboxError } from "@bd/core";
import { createPlatform } from "@bd/platform";
import { closedPort, openServerView, testConfig, type ServerView } from "../../../test-support/servers.ts";

let view: ServerView;
before(async () => {
  view = await openServerView();
});
after(() => view.close());

const unreachableCases = [
  { backend: "RabbitMQ", env: (port: number) => ({ AMQP_URL: `amqp://guest:s3cret-pass@127.0.0.1:${port}` }), shown: "amqp://guest:***@127.0.0.1:" },
  { backend: "NATS", env: (port: number) => ({ NATS_URL: `nats://127.0.0.1:${port}` }), shown: "nats://127.0.0.1:" },
  { backend: "Redis", env: (port: number) => ({ REDIS_URL: `redis://:s3cret-pass@127.0.0.1:${port}` }), shown: "redis://:***@127.0.0.1:" },
];

for (const { backend, env, shown } of unreachableCases) {
  test(`with ${backend} unreachable, create fails naming it and keeps nothing anywhere`, async () => {
    const port = await closedPort();
    const platform = createPlatform(testConfig(env(port)));
    try {
      const error = await platform.service.create({}).then(
        () => assert.fail("create should fail"),
        (e: unknown) => e,
      );
      assert.ok(error instanceof SandboxError);
      assert.equal(error.code, "BACKEND_UNAVAILABLE");
      assert.match(error.message, new RegExp(`${backend} is unreachable at ${shown.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}${port}`));
      assert.doesNotMatch(error.message, /s3cret/);
      assert.doesNotMatch(error.message, /\n/);

      const [row] = await platform.service.list({ all: true, owner: platform.context.config.owner });
      assert.ok(row, "the attempt is recorded");
      assert.equal(row.status, "destroyed");
      assert.match(row.lastError ?? "", new RegExp(`${backend} is unreachable`));
      assert.deepEqual(await view.leftovers(resourceNames(row.id).sid), [], "no resource of the sandbox remains");
    } finally {
      await platform.close();
    }
  });
}

test("with PostgreSQL unreachable, create fails naming it and writes nowhere", async () => {
  const port = await closedPort();
  const platform = createPlatform(testConfig({ DATABASE_URL: `postgres://postgres:s3cret-pass@127.0.0.1:${port}/postgres` }));
  try {
    await assert.rejects(platform.service.create({}), (error: SandboxError) => {
      assert.equal(error.code, "BACKEND_UNAVAILABLE");
      assert.match(error.message, new RegExp(`^PostgreSQL is unreachable at postgres://postgres:\\*\\*\\*@127\\.0\\.0\\.1:${port}/postgres`));
      assert.doesNotMatch(error.message, /s3cret/);
      return true;
    });
  } finally {
    await platform.close();
  }
});
