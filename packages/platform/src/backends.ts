/**
 * Lazily opened clients for the four shared servers. A command that never touches RabbitMQ
 * never connects to it; each client is opened once and closed by `close()`.
 * Terminology: a *backend* is one of the shared servers a sandbox takes resources from.
 */
import { connect as connectAmqp, type ChannelModel } from "amqplib";
import { Redis } from "ioredis";
import { connect as connectNats, type Authenticator, type NatsConnection } from "@nats-io/transport-node";
import { createDb, type Db } from "./db.js";
import { unreachable } from "./backend-errors.js";

export interface BackendUrls {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly amqpUrl: string;
  readonly natsUrl: string;
}

const connectTimeoutMs = 5_000;

export class Backends {
  readonly urls: BackendUrls;
  readonly db: Db;
  #redis: Promise<Redis> | undefined;
  #amqp: Promise<ChannelModel> | undefined;
  #nats: Promise<NatsConnection> | undefined;

  readonly #natsAuthenticator: (() => Promise<Authenticator>) | undefined;

  constructor(urls: BackendUrls, options: { applicationName?: string; natsAuthenticator?: () => Promise<Authenticator> } = {}) {
    this.urls = urls;
    this.#natsAuthenticator = options.natsAuthenticator;
    this.db = createDb({ url: urls.databaseUrl, applicationName: options.applicationName ?? "bd" });
  }

  /** Long-running services outlive connections: a client the server closed is opened again. */
  async redis(): Promise<Redis> {
    const open = await this.#redis?.catch(() => undefined);
    if (open && open.status === "end") this.#redis = undefined;
    this.#redis ??= openRedis(this.urls.redisUrl).catch((cause) => {
      this.#redis = undefined;
      throw unreachable("redis", this.urls.redisUrl, cause);
    });
    return this.#redis;
  }

  amqp(): Promise<ChannelModel> {
    this.#amqp ??= openAmqp(this.urls.amqpUrl).then(
      (connection) => {
        const opened = this.#amqp;
        connection.on("close", () => {
          if (this.#amqp === opened) this.#amqp = undefined;
        });
        return connection;
      },
      (cause) => {
        this.#amqp = undefined;
        throw unreachable("rabbitmq", this.urls.amqpUrl, cause);
      },
    );
    return this.#amqp;
  }

  async nats(): Promise<NatsConnection> {
    const open = await this.#nats?.catch(() => undefined);
    if (open?.isClosed()) this.#nats = undefined;
    this.#nats ??= this.#openNats().catch((cause) => {
      this.#nats = undefined;
      throw unreachable("nats", this.urls.natsUrl, cause);
    });
    return this.#nats;
  }

  async #openNats(): Promise<NatsConnection> {
    const authenticator = await this.#natsAuthenticator?.();
    return connectNats({ servers: this.urls.natsUrl, timeout: connectTimeoutMs, name: "bd", ...(authenticator && { authenticator }) });
  }

  async close(): Promise<void> {
    const [redis, amqp, nats] = [this.#redis, this.#amqp, this.#nats];
    this.#redis = this.#amqp = this.#nats = undefined;
    await Promise.allSettled([
      redis?.then((client) => client.quit()),
      amqp?.then((connection) => connection.close()),
      nats?.then((connection) => connection.drain()),
      this.db.close(),
    ]);
  }
}

async function openRedis(url: string): Promise<Redis> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: connectTimeoutMs,
    maxRetriesPerRequest: 1,
    // Fail fast on the command line instead of queueing commands behind endless retries.
    retryStrategy: () => null,
    enableReadyCheck: false,
  });
  client.on("error", () => {});
  await client.connect();
  return client;
}

async function openAmqp(url: string): Promise<ChannelModel> {
  const connection = await connectAmqp(url, { timeout: connectTimeoutMs });
  connection.on("error", () => {});
  return connection;
}
