/**
 * The servers' own view of sandbox resources, for assertions. Tests ask PostgreSQL's catalog,
 * Redis SCAN, RabbitMQ passive declares and JetStream stream info directly, never bd.
 */
import { randomBytes } from "node:crypto";
import { connect as connectAmqp } from "amqplib";
import { Redis } from "ioredis";
import pg from "pg";
import { connect as connectNats } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { parseConfig, type Config, type Env } from "@bd/core";

/** A fresh owner per test, so quotas and listings of parallel tests never meet. */
export function uniqueOwner(): string {
  return `t-${randomBytes(5).toString("hex")}`;
}

export function testConfig(env: Env = {}): Config {
  return parseConfig({ ...process.env, BD_OWNER: uniqueOwner(), ...env });
}

/**
 * What one sandbox holds on this machine's servers, which enforce isolation: schema and role,
 * marker key and ACL user, exchange, queue and user, stream.
 */
export const resourcesPerSandbox = 8;

export interface ServerView {
  pgSchemas(sid: string): Promise<string[]>;
  redisKeys(sid: string): Promise<string[]>;
  amqpExists(kind: "exchange" | "queue", name: string): Promise<boolean>;
  natsStreams(sid: string): Promise<string[]>;
  /** Every resource anywhere whose name holds the sid. */
  leftovers(sid: string): Promise<string[]>;
  pg: pg.Pool;
  redis: Redis;
  close(): Promise<void>;
}

export async function openServerView(config: Config = testConfig()): Promise<ServerView> {
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 2 });
  const redis = new Redis(config.redisUrl);
  const amqp = await connectAmqp(config.amqpUrl);
  const nc = await connectNats({ servers: config.natsUrl });
  const jsm = await jetstreamManager(nc);

  const view: ServerView = {
    pg: pool,
    redis,
    async pgSchemas(sid) {
      const { rows } = await pool.query<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE nspname LIKE '%' || $1 || '%'", [sid]);
      return rows.map((r) => r.nspname);
    },
    async redisKeys(sid) {
      const found: string[] = [];
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", `*${sid}*`, "COUNT", 1000);
        found.push(...keys);
        cursor = next;
      } while (cursor !== "0");
      return found;
    },
    async amqpExists(kind, name) {
      const channel = await amqp.createChannel();
      channel.on("error", () => {});
      try {
        await (kind === "queue" ? channel.checkQueue(name) : channel.checkExchange(name));
        await channel.close();
        return true;
      } catch {
        return false;
      }
    },
    async natsStreams(sid) {
      const names: string[] = [];
      for await (const name of jsm.streams.names()) if (name.includes(sid)) names.push(name);
      return names;
    },
    async leftovers(sid) {
      const amqpNames = [`sandbox.${sid}.events`, `sandbox.${sid}.worker`];
      const [schemas, roles, keys, aclUsers, streams, exchange, queue, rabbitUser] = await Promise.all([
        view.pgSchemas(sid),
        pool.query<{ rolname: string }>("SELECT rolname FROM pg_roles WHERE rolname LIKE '%' || $1 || '%'", [sid]).then((r) => r.rows.map((row) => row.rolname)),
        view.redisKeys(sid),
        redis.call("ACL", "USERS").then((users) => (users as string[]).filter((u) => u.includes(sid))),
        view.natsStreams(sid),
        view.amqpExists("exchange", amqpNames[0]!),
        view.amqpExists("queue", amqpNames[1]!),
        fetch(`http://127.0.0.1:15672/api/users/sandbox_${sid}`, { headers: { authorization: `Basic ${Buffer.from("guest:guest").toString("base64")}` } }).then((r) => r.status === 200),
      ]);
      return [
        ...schemas.map((s) => `pg schema ${s}`),
        ...roles.map((r) => `pg role ${r}`),
        ...aclUsers.map((u) => `redis ACL user ${u}`),
        ...(rabbitUser ? [`rabbitmq user sandbox_${sid}`] : []),
        ...keys.map((k) => `redis key ${k}`),
        ...streams.map((s) => `nats stream ${s}`),
        ...(exchange ? [`amqp exchange ${amqpNames[0]}`] : []),
        ...(queue ? [`amqp queue ${amqpNames[1]}`] : []),
      ];
    },
    async close() {
      await Promise.allSettled([pool.end(), redis.quit(), amqp.close(), nc.drain()]);
    },
  };
  return view;
}

/** A TCP port on this machine that nothing listens on: where an "unreachable server" lives. */
export { freePort as closedPort } from "./ports.ts";
