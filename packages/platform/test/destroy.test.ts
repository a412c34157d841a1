import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import { connect as connectNats } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { resourceNames } from "@bd/core";
import { createPlatform, type Platform } from "@bd/platform";
import { runBd } from "../../../test-support/run-bd.ts";
import { openServerView, testConfig, type ServerView } from "../../../test-support/servers.ts";

let platform: Platform;
let view: ServerView;
before(async () => {
  platform = createPlatform(testConfig({ SANDBOX_MAX_PER_DEVELOPER: "10" }));
  view = await openServerView();
});
after(async () => {
  await platform.close();
  await view.close();
});

test("destroy completes from a partial state: resources already removed by hand", async () => {
  const sandbox = await platform.service.create({});
  const names = resourceNames(sandbox.id);
  await view.pg.query(`DROP SCHEMA ${names.pgSchema} CASCADE`);
  const nc = await connectNats({ servers: platform.context.config.natsUrl });
  await (await jetstreamManager(nc)).streams.delete(names.natsStream);
  await nc.drain();

  const report = await platform.service.status(sandbox.name);
  assert.equal(report.health, "degraded", "status sees the missing resources in the servers");
  assert.deepEqual(report.resources.map((r) => "exists" in r && r.exists), [false, true, true, false]);

  await platform.service.destroy(sandbox.name);
  assert.deepEqual(await view.leftovers(names.sid), []);
  assert.equal((await platform.service.resolve(sandbox.id)).status, "destroyed");
});

test("destroy completes from a sandbox left pending or creating by a dead process", async () => {
  for (const status of ["pending", "creating"] as const) {
    const id = randomUUID();
    const name = `stuck-${status}-${id.slice(0, 8)}`;
    const owner = platform.context.config.owner;
    await platform.context.ready();
    await platform.context.store.insert({ id, name, owner, ttlSeconds: 3600, schemaName: resourceNames(id).pgSchema }, 10);
    if (status === "creating") {
      await platform.context.store.transition(id, "pending", "creating");
      // The dead process got as far as the schema and the stream.
      await Promise.all(platform.context.provisioners.filter((p) => p.kind === "postgres" || p.kind === "nats").map((p) =>
        p.ensure({ sandbox: { id, name, ttlSeconds: 3600 }, names: resourceNames(id), resources: [] } as never).catch(() => {}),
      ));
    }
    await platform.service.destroy(name);
    assert.equal((await platform.service.resolve(id)).status, "destroyed", `from ${status}`);
    assert.deepEqual(await view.leftovers(resourceNames(id).sid), [], `nothing left from ${status}`);
  }
});

test("two destroys of one sandbox at once both succeed and leave nothing", async () => {
  const sandbox = await platform.service.create({});
  const results = await Promise.all([platform.service.destroy(sandbox.id), platform.service.destroy(sandbox.name)]);
  assert.ok(results.every((r) => r.sandbox.status === "destroyed"));
  assert.deepEqual(await view.leftovers(resourceNames(sandbox.id).sid), []);
});

test("an id prefix shared by two sandboxes is refused as ambiguous; a longer one resolves", async () => {
  const prefix = randomUUID().slice(0, 8);
  const ids = [`${prefix}-1000-4000-8000-000000000001`, `${prefix}-2000-4000-8000-000000000002`];
  const fixed = createPlatform(testConfig(), { newId: () => ids.shift()! });
  try {
    const [one, two] = [await fixed.service.create({}), await fixed.service.create({})];
    await assert.rejects(fixed.service.resolve(prefix), { code: "AMBIGUOUS_REF" });
    const cli = await runBd(["sandbox", "status", prefix]);
    assert.equal(cli.code, 2, "the CLI refuses it as bad input");
    assert.match(cli.stderr, new RegExp(`AMBIGUOUS_REF: id prefix ${prefix} matches several sandboxes`));
    assert.equal((await fixed.service.resolve(`${prefix}2`)).id, two.id, "nine digits tell them apart");
    assert.equal((await fixed.service.resolve(one.id.replaceAll("-", ""))).id, one.id);
    for (const s of [one, two]) await fixed.service.destroy(s.id);
  } finally {
    await fixed.close();
  }
});
