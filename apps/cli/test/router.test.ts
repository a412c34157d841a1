import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { resourceNames, type Sandbox } from "@bd/core";
import { createPlatform, type Platform } from "@bd/platform";
import { collect, type Collector } from "../../../test-support/collector.ts";
import { startNatsServer, type NatsServer } from "../../../test-support/nats-server.ts";
import { startRouter, type RouterProcess } from "../../../test-support/router-process.ts";
import { runBd } from "../../../test-support/run-bd.ts";
import { uniqueOwner } from "../../../test-support/servers.ts";

let nats: NatsServer;
let platform: Platform;
let router: RouterProcess;
let production: Collector;
let nc: NatsConnection;
let sandbox: Sandbox;
let env: Record<string, string>;
const guild = randomSnowflake();

function randomSnowflake(): string {
  return `1${String(Math.floor(Math.random() * 1e17)).padStart(17, "0")}`;
}

/** Publishes to the ingress as the gateway would, with a marker to find the event again. */
async function publish(subject: string, body: unknown): Promise<string> {
  const marker = randomUUID();
  const payload = typeof body === "string" ? body.replace("MARKER", marker) : JSON.stringify(body).replace("MARKER", marker);
  await jetstream(nc).publish(subject, payload);
  return marker;
}

const dispatch = (t: string, d: Record<string, unknown>) => ({ op: 0, t, s: 1, d: { ...d, content: "MARKER" } });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

before(async () => {
  nats = await startNatsServer();
  env = { NATS_URL: nats.url, BD_OWNER: uniqueOwner(), SANDBOX_MAX_PER_DEVELOPER: "10" };
  platform = createPlatform((await import("@bd/core")).parseConfig({ ...process.env, ...env }));
  sandbox = await platform.service.create({ guilds: [guild] });
  router = await startRouter(env);
  production = await collect(nats.url, ["events.>", "commands.>"]);
  nc = await connect({ servers: nats.url });
});

after(async () => {
  await router?.stop();
  await production?.close();
  await nc?.drain();
  for (const s of await platform.service.list({ owner: env.BD_OWNER })) await platform.service.destroy(s.id);
  await platform.close();
  await nats.dispose();
});

test("an event of a registered guild reaches the sandbox's subject only, bytes unchanged", async () => {
  const inbox = await collect(nats.url, [`sandbox.${resourceNames(sandbox.id).sid}.>`]);
  const body = dispatch("MESSAGE_CREATE", { guild_id: guild, id: "1" });
  const marker = await publish("gateway.events.message_create", body);
  const [got] = await inbox.waitFor(marker);
  assert.ok(got, "delivered to the sandbox");
  assert.equal(got.subject, `sandbox.${resourceNames(sandbox.id).sid}.events.message_create`);
  assert.equal(got.sandboxId, sandbox.id, "the header carries the sandbox id");
  assert.equal(got.data, JSON.stringify(body).replace("MARKER", marker));
  await sleep(100);
  assert.equal(production.matching(marker).length, 0, "production never saw it");
  await inbox.close();
});

test("an unmapped guild's event and a guildless event reach production only", async () => {
  const inbox = await collect(nats.url, ["sandbox.>"]);
  const unmapped = await publish("gateway.events.message_create", dispatch("MESSAGE_CREATE", { guild_id: randomSnowflake() }));
  const guildless = await publish("gateway.events.ready", dispatch("READY", {}));
  const [a] = await production.waitFor(unmapped);
  const [b] = await production.waitFor(guildless);
  assert.equal(a?.subject, "events.message_create");
  assert.equal(b?.subject, "events.ready");
  assert.equal(a?.sandboxId, undefined);
  await sleep(100);
  assert.equal(inbox.matching(unmapped).length + inbox.matching(guildless).length, 0);
  await inbox.close();
});

test("GUILD_CREATE is routed by d.id, an envelope by its guild_id, commands by their kind", async () => {
  const inbox = await collect(nats.url, [`sandbox.${resourceNames(sandbox.id).sid}.>`]);
  const guildCreate = await publish("gateway.events.guild_create", { op: 0, t: "GUILD_CREATE", s: 2, d: { id: guild, name: "MARKER" } });
  const envelope = await publish("gateway.events.message_create", {
    event_id: randomUUID(), event_type: "message_create", shard_id: 0, timestamp: Date.now(), guild_id: guild, data: { content: "MARKER" },
  });
  const interaction = await publish("gateway.commands.interaction_create", dispatch("INTERACTION_CREATE", { guild_id: guild }));
  assert.equal((await inbox.waitFor(guildCreate))[0]?.subject.endsWith(".events.guild_create"), true);
  assert.equal((await inbox.waitFor(envelope))[0]?.subject.endsWith(".events.message_create"), true);
  assert.equal((await inbox.waitFor(interaction))[0]?.subject.endsWith(".commands.interaction_create"), true);
  await inbox.close();
});

test("bd events emit publishes a realistic dispatch that reaches the sandbox", async () => {
  const inbox = await collect(nats.url, [`sandbox.${resourceNames(sandbox.id).sid}.>`]);
  const result = await runBd(["events", "emit", "GUILD_MEMBER_ADD", "--guild", guild, "--json"], env);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(JSON.parse(result.stdout).subject, "gateway.events.guild_member_add");
  const deadline = Date.now() + 5000;
  while (!inbox.received.some((r) => r.subject.endsWith("guild_member_add")) && Date.now() < deadline) await sleep(10);
  const got = inbox.received.find((r) => r.subject.endsWith("guild_member_add"));
  assert.ok(got);
  const event = JSON.parse(got.data);
  assert.equal(event.t, "GUILD_MEMBER_ADD");
  assert.equal(event.d.guild_id, guild);
  assert.match(event.d.user.id, /^[0-9]{17,20}$/);
  const bad = await runBd(["events", "emit", "NOT_AN_EVENT", "--guild", guild], env);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /INVALID_ARGUMENT: unknown Discord event/);
  await inbox.close();
});

test("changes apply live: register, unregister and destroy take effect within 100 ms", async () => {
  const other = await platform.service.create({});
  const fresh = randomSnowflake();
  const inbox = await collect(nats.url, [`sandbox.${resourceNames(other.id).sid}.>`]);

  assert.equal((await runBd(["sandbox", "register-guild", other.name, fresh], env)).code, 0);
  await sleep(100);
  const afterRegister = await publish("gateway.events.message_create", dispatch("MESSAGE_CREATE", { guild_id: fresh }));
  assert.equal((await inbox.waitFor(afterRegister)).length, 1, "reaches the sandbox after register-guild");

  assert.equal((await runBd(["sandbox", "unregister-guild", other.name, fresh], env)).code, 0);
  await sleep(100);
  const afterUnregister = await publish("gateway.events.message_create", dispatch("MESSAGE_CREATE", { guild_id: fresh }));
  assert.equal((await production.waitFor(afterUnregister)).length, 1, "production gets it after unregister-guild");

  assert.equal((await runBd(["sandbox", "register-guild", other.name, fresh], env)).code, 0);
  assert.equal((await runBd(["sandbox", "destroy", other.name], env)).code, 0);
  await sleep(100);
  const afterDestroy = await publish("gateway.events.message_create", dispatch("MESSAGE_CREATE", { guild_id: fresh }));
  assert.equal((await production.waitFor(afterDestroy)).length, 1, "production gets it after destroy");
  assert.equal(inbox.matching(afterUnregister).length + inbox.matching(afterDestroy).length, 0, "the sandbox got neither");
  await inbox.close();
});

test("garbage on the ingress is dead-lettered and never blocks the stream", async () => {
  const jsm = await jetstreamManager(nc);
  const before = (await jsm.streams.info("BD_DEAD_LETTER")).state.messages;
  await jetstream(nc).publish("gateway.events.message_create", "not json {");
  await jetstream(nc).publish("gateway.events.message_create", "[1,2,3]");
  await jetstream(nc).publish("gateway.events.message_create", new Uint8Array([0xff, 0xfe, 0x00]));
  await jetstream(nc).publish("gateway.nonsense", "{}");
  const next = await publish("gateway.events.message_create", dispatch("MESSAGE_CREATE", { guild_id: randomSnowflake() }));
  assert.equal((await production.waitFor(next)).length, 1, "the event after the garbage is routed");
  const deadline = Date.now() + 5000;
  while ((await jsm.streams.info("BD_DEAD_LETTER")).state.messages < before + 4 && Date.now() < deadline) await sleep(20);
  assert.equal((await jsm.streams.info("BD_DEAD_LETTER")).state.messages, before + 4);
  const consumer = await jsm.consumers.info("GATEWAY", "bd-router");
  assert.equal(consumer.num_pending, 0, "nothing is stuck");
  assert.match(router.logs(), /event dead-lettered/);
});

test("the router never consumes what it publishes", async () => {
  const jsm = await jetstreamManager(nc);
  const gateway = await jsm.streams.info("GATEWAY");
  const consumer = await jsm.consumers.info("GATEWAY", "bd-router");
  assert.equal(consumer.delivered.stream_seq, gateway.state.last_seq, "it consumed exactly what the ingress holds");
  assert.deepEqual(gateway.config.subjects, ["gateway.>"]);
  const streams: string[] = [];
  for await (const info of jsm.streams.list()) if (info.config.subjects?.some((s) => s.startsWith("gateway."))) streams.push(info.config.name);
  assert.deepEqual(streams, ["GATEWAY"], "no stream holding its output captures the ingress subjects");
});

test("health and metrics answer over HTTP", async () => {
  const health = await fetch(`http://127.0.0.1:${router.port}/health`);
  assert.equal(health.status, 200);
  assert.equal(((await health.json()) as { status: string }).status, "ok");
  const metrics = await (await fetch(`http://127.0.0.1:${router.port}/metrics`)).text();
  assert.match(metrics, /bd_router_events_total\{destination="sandbox"\} [1-9]/);
  assert.match(metrics, /bd_router_events_total\{destination="production"\} [1-9]/);
  assert.match(metrics, /bd_router_events_total\{destination="dead_letter"\} [1-9]/);
  assert.match(metrics, /bd_router_routing_seconds_bucket\{le="0.001"\} \d+/);
  assert.match(metrics, /bd_router_guild_map_size \d+/);
  assert.match(metrics, /bd_router_consumer_pending \d+/);
});

test("SIGTERM drains and exits cleanly", async () => {
  const code = await router.stop("SIGTERM");
  assert.equal(code, 0);
  assert.match(router.logs(), /router stopped/);
});
