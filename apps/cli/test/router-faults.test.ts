import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { test } from "node:test";
import { connect } from "@nats-io/transport-node";
import { jetstream } from "@nats-io/jetstream";
import { parseConfig, resourceNames } from "@bd/core";
import { createPlatform } from "@bd/platform";
import { collect } from "../../../test-support/collector.ts";
import { startNatsServer } from "../../../test-support/nats-server.ts";
import { startPostgres } from "../../../test-support/postgres-server.ts";
import { startRouter } from "../../../test-support/router-process.ts";
import { readStream, waitForCount } from "../../../test-support/stream-reader.ts";
import { uniqueOwner } from "../../../test-support/servers.ts";

const snowflake = () => `3${String(Math.floor(Math.random() * 1e17)).padStart(17, "0")}`;
const envelope = (eventId: string, guildId: string) =>
  JSON.stringify({ event_id: eventId, event_type: "message_create", shard_id: 0, timestamp: 0, guild_id: guildId, data: { content: "x" } });

/** A private nats-server and a sandbox holding one guild; `dispose` removes both. */
async function routedSandbox(extraEnv: Record<string, string> = {}) {
  const nats = await startNatsServer();
  const env = { NATS_URL: nats.url, BD_OWNER: uniqueOwner(), ...extraEnv };
  const config = parseConfig({ ...process.env, ...env });
  const mapped = snowflake();
  // Closed right away: its connections must not ride the restarts under test.
  const platform = createPlatform(config);
  const sandbox = await platform.service.create({ guilds: [mapped] }).finally(() => platform.close());
  return {
    nats,
    env,
    config,
    mapped,
    sandbox,
    async dispose() {
      const cleanup = createPlatform(config);
      await cleanup.service.destroy(sandbox.id).catch(() => {});
      await cleanup.close();
      await nats.dispose();
    },
  };
}

test("SIGKILL of one of two routers during 10,000 events: each is stored once, at the right destination", async () => {
  const { nats, env, mapped, sandbox, dispose } = await routedSandbox();
  const routers = [await startRouter(env), await startRouter(env)];
  const nc = await connect({ servers: nats.url });
  try {
    const js = jetstream(nc);
    const ids: string[] = Array.from({ length: 10_000 }, () => randomUUID());
    const toSandbox = new Set(ids.filter((_, i) => i % 2 === 0));
    for (let start = 0; start < ids.length; start += 250) {
      await Promise.all(ids.slice(start, start + 250).map((id) => js.publish("gateway.events.message_create", envelope(id, toSandbox.has(id) ? mapped : snowflake()))));
      if (start === 3000) assert.equal(await routers[0]!.stop("SIGKILL"), null, "killed mid-stream");
      if (start === 6000) routers[0] = await startRouter(env);
    }
    const stream = resourceNames(sandbox.id).natsStream;
    assert.equal(await waitForCount(nc, stream, 5000, 60_000), 5000);
    assert.equal(await waitForCount(nc, "PRODUCTION", 5000, 60_000), 5000);
    await new Promise((resolve) => setTimeout(resolve, 2500)); // an ack wait: any late redelivery would show now

    const inSandbox = (await readStream(nc, stream)).map((m) => JSON.parse(m.data).event_id as string);
    const inProduction = (await readStream(nc, "PRODUCTION")).map((m) => JSON.parse(m.data).event_id as string);
    assert.equal(inSandbox.length, 5000);
    assert.equal(new Set(inSandbox).size, 5000, "no duplicate in the sandbox");
    assert.ok(inSandbox.every((id) => toSandbox.has(id)), "nothing of production's in the sandbox");
    assert.equal(inProduction.length, 5000);
    assert.equal(new Set(inProduction).size, 5000, "no duplicate in production");
    assert.ok(inProduction.every((id) => !toSandbox.has(id)), "nothing of the sandbox's in production");
  } finally {
    await Promise.all(routers.map((r) => r.stop()));
    await nc.drain();
    await dispose();
  }
});

test("restarting NATS under a running router: it recovers by itself and loses nothing", async () => {
  const { nats, env, mapped, sandbox, dispose } = await routedSandbox();
  const router = await startRouter(env);
  try {
    const publishSome = async (count: number) => {
      const nc = await connect({ servers: nats.url });
      const js = jetstream(nc);
      for (let i = 0; i < count; i += 1) await js.publish("gateway.events.message_create", envelope(randomUUID(), mapped));
      await nc.drain();
    };
    await publishSome(100);
    await nats.restart();
    await publishSome(100);
    const nc = await connect({ servers: nats.url });
    assert.equal(await waitForCount(nc, resourceNames(sandbox.id).natsStream, 200, 30_000), 200);
    await nc.drain();
    assert.equal(router.child.exitCode, null, "the router kept running");
  } finally {
    await router.stop();
    await dispose();
  }
});

test("restarting PostgreSQL under a running router: routing goes on, and later changes still apply", async () => {
  const postgres = await startPostgres();
  const { nats, env, config, mapped, sandbox, dispose } = await routedSandbox({ DATABASE_URL: postgres.url });
  const router = await startRouter(env, ["--resync", "1000"]);
  const inbox = await collect(nats.url, [`sandbox.${resourceNames(sandbox.id).sid}.>`]);
  const nc = await connect({ servers: nats.url });
  const js = jetstream(nc);
  try {
    await postgres.restart();
    const during = randomUUID();
    await js.publish("gateway.events.message_create", envelope(during, mapped));
    assert.equal((await inbox.waitFor(during)).length, 1, "the in-memory map kept routing");

    const later = snowflake();
    const second = createPlatform(config);
    await second.service.registerGuilds(sandbox.id, [later]).finally(() => second.close());
    // A reconnect takes up to a second; allow it, then the change must apply.
    const deadline = Date.now() + 5000;
    let routed = false;
    while (!routed && Date.now() < deadline) {
      const marker = randomUUID();
      await js.publish("gateway.events.message_create", envelope(marker, later));
      routed = (await inbox.waitFor(marker, 1, 300)).length === 1;
    }
    assert.ok(routed, "a guild registered after the restart reaches the sandbox");
    assert.equal(router.child.exitCode, null, "the router kept running");
  } finally {
    await inbox.close();
    await nc.drain();
    await router.stop();
    await dispose();
    await postgres.dispose();
  }
});
