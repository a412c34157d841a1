/**
 * Routing figures: one router process's sustained throughput (drain a pre-filled ingress), and
 * the latency it adds at a fixed rate (ingress publish → receipt at the sandbox subscriber,
 * against a direct publish → receipt), with 10 and with 1,000 mapped guilds. Everything runs
 * against a private nats-server so the machine's streams are untouched.
 */
import { randomUUID } from "node:crypto";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { parseConfig, resourceNames, routingNames, type Sandbox } from "@bd/core";
import { createPlatform, type Platform } from "@bd/platform";
import { startNatsServer } from "../../test-support/nats-server.ts";
import { startRouter } from "../../test-support/router-process.ts";
import { summarize, type Sample } from "./stats.js";

export interface Throughput {
  readonly name: string;
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
}

const snowflake = (n: number) => `4${String(n).padStart(17, "0")}`;

export async function benchRouting(owner: string): Promise<{ latency: Sample[]; throughput: Throughput[] }> {
  const nats = await startNatsServer();
  const env = { NATS_URL: nats.url, BD_OWNER: owner, SANDBOX_MAX_PER_DEVELOPER: "1000" };
  const platform = createPlatform(parseConfig({ ...process.env, ...env }));
  const nc = await connect({ servers: nats.url });
  const sandboxes: Sandbox[] = [];
  try {
    for (let i = 0; i < 10; i += 1) sandboxes.push(await platform.service.create({}));
    const latency: Sample[] = [];
    const throughput: Throughput[] = [];
    let next = 0;
    for (const guildCount of [10, 1000]) {
      // Spread the mapped guilds over the ten sandboxes; measure through the first one.
      while (next < guildCount) {
        const batch = Array.from({ length: Math.min(100, guildCount - next) }, (_, k) => snowflake(next + k));
        await platform.service.registerGuilds(sandboxes[(next / 100) % 10 | 0]!.id, batch);
        next += batch.length;
      }
      const target = sandboxes[0]!;
      const guild = snowflake(0); // the first batch, so held by the first sandbox
      throughput.push(await measureThroughput(nc, env, guild, guildCount));
      const router = await startRouter(env);
      try {
        const sid = resourceNames(target.id).sid;
        const direct = await measureLatency(nats.url, nc, `sandbox.${sid}.events.message_create`, sid, guild);
        const routed = await measureLatency(nats.url, nc, "gateway.events.message_create", sid, guild);
        if (guildCount === 10) latency.push(summarize("direct publish → receipt, 2,000/s", direct));
        latency.push(summarize(`routed publish → receipt, 2,000/s, ${guildCount} guilds`, routed));
      } finally {
        await router.stop();
      }
    }
    return { latency, throughput };
  } finally {
    for (const sandbox of sandboxes) await platform.service.destroy(sandbox.id).catch(() => {});
    await nc.drain();
    await platform.close();
    await nats.dispose();
  }
}

/** Fills the ingress with the router stopped, then times one router draining it. */
async function measureThroughput(nc: NatsConnection, env: Record<string, string>, guild: string, guildCount: number): Promise<Throughput> {
  const events = 50_000;
  const jsm = await jetstreamManager(nc);
  // Make sure the streams and consumer exist, then stop: the backlog is for the next start.
  await (await startRouter(env)).stop();
  const before = (await jsm.consumers.info(routingNames.ingressStream, routingNames.routerConsumer)).delivered.stream_seq;
  for (let i = 0; i < events; i += 1) {
    const mapped = i % 2 === 0 ? guild : snowflake(900_000 + i);
    nc.publish("gateway.events.message_create", `{"event_id":"${randomUUID()}","event_type":"message_create","guild_id":"${mapped}","data":{"content":"bench"}}`);
    if (i % 1000 === 999) await nc.flush();
  }
  await nc.flush();
  const started = performance.now();
  const router = await startRouter(env);
  let ackFloor = before;
  while (ackFloor < before + events) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    ackFloor = (await jsm.consumers.info(routingNames.ingressStream, routingNames.routerConsumer)).ack_floor.stream_seq;
  }
  const seconds = (performance.now() - started) / 1000;
  await router.stop();
  return { name: `one router, ${guildCount} guilds mapped (drain of ${events.toLocaleString("en")} events, incl. start)`, events, seconds: Math.round(seconds * 100) / 100, eventsPerSecond: Math.round(events / seconds) };
}

/** Publishes at 2,000 events/s for 5 s and returns each event's publish → receipt time in ms. */
async function measureLatency(url: string, nc: NatsConnection, subject: string, sid: string, guild: string): Promise<number[]> {
  const sub = await connect({ servers: url });
  const sent = new Map<string, bigint>();
  const times: number[] = [];
  const subscription = sub.subscribe(`sandbox.${sid}.events.message_create`, {
    callback: (_e, msg) => {
      const id = /"event_id":"([^"]+)"/.exec(msg.string())?.[1];
      const at = id && sent.get(id);
      if (at) times.push(Number(process.hrtime.bigint() - at) / 1e6);
    },
  });
  await sub.flush();
  const rate = 2000;
  const seconds = 5;
  const started = process.hrtime.bigint();
  // Every millisecond, send the events that are due by then: the rate holds without a busy
  // loop, which on two cores would steal the CPU that nats-server and the router need.
  let i = 0;
  while (i < rate * seconds) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    const due = Math.min(rate * seconds, Math.floor((Number(process.hrtime.bigint() - started) / 1e9) * rate));
    for (; i < due; i += 1) {
      const id = randomUUID();
      sent.set(id, process.hrtime.bigint());
      nc.publish(subject, `{"event_id":"${id}","event_type":"message_create","guild_id":"${guild}","data":{"content":"bench"}}`);
    }
  }
  const deadline = Date.now() + 10_000;
  while (times.length < sent.size && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  subscription.unsubscribe();
  await sub.drain();
  return times;
}
