/**
 * The router: consumes the ingress stream through the shared durable consumer and forwards
 * each event's unchanged bytes to its sandbox's subjects or to production's. An event is
 * acknowledged only after its forward is stored; a failed forward is handed back (nak) for
 * redelivery, and the destination stream de-duplicates by message id, so each event is
 * stored once however often it is delivered.
 */
import { connect, headers as natsHeaders, type Authenticator, type NatsConnection } from "@nats-io/transport-node";
import { jetstream, jetstreamManager, PubHeaders, type ConsumerMessages, type JetStreamClient, type JsMsg } from "@nats-io/jetstream";
import type { Logger } from "pino";
import { idOfSid, routeEvent, routingNames } from "@bd/core";
import { GuildMap } from "./guild-map.js";
import { RouterMetrics } from "./metrics.js";
import { ensureRouterConsumer, ensureRoutingStreams } from "./routing-streams.js";

export interface RouterOptions {
  readonly natsUrl: string;
  readonly databaseUrl: string;
  readonly logger: Logger;
  readonly ackWaitMs?: number;
  readonly resyncMs?: number;
  /** Events held at once between fetch and acknowledgement. */
  readonly maxInFlight?: number;
  /** In operator mode: the router's own scoped user. */
  readonly natsAuthenticator?: Authenticator;
}

const retryDelayMs = 250;
const lagPollMs = 5_000;

export class Router {
  readonly metrics = new RouterMetrics();
  readonly #options: RouterOptions;
  readonly #log: Logger;
  readonly #guilds: GuildMap;
  #nc: NatsConnection | undefined;
  #js: JetStreamClient | undefined;
  #messages: ConsumerMessages | undefined;
  #loop: Promise<void> | undefined;
  #lagTimer: NodeJS.Timeout | undefined;
  readonly #inFlight = new Set<Promise<void>>();

  constructor(options: RouterOptions) {
    this.#options = options;
    this.#log = options.logger;
    this.#guilds = new GuildMap({
      databaseUrl: options.databaseUrl,
      resyncMs: options.resyncMs ?? 30_000,
      logger: options.logger,
      onLoad: (size) => {
        this.metrics.mapSize = size;
        this.metrics.mapReloads += 1;
      },
    });
  }

  get guildMap(): GuildMap {
    return this.#guilds;
  }

  get connected(): boolean {
    return this.#nc !== undefined && !this.#nc.isClosed();
  }

  /** Loads the guild map first: consuming with an empty map would send sandbox events to production. */
  async start(): Promise<void> {
    await this.#guilds.start();
    const auth = this.#options.natsAuthenticator;
    this.#nc = await connect({ servers: this.#options.natsUrl, name: "bd-router", maxReconnectAttempts: -1, reconnectTimeWait: 250, ...(auth && { authenticator: auth }) });
    const jsm = await jetstreamManager(this.#nc);
    await ensureRoutingStreams(jsm);
    await ensureRouterConsumer(jsm, { ackWaitMs: this.#options.ackWaitMs ?? 10_000, maxAckPending: (this.#options.maxInFlight ?? 1000) * 2 });
    this.#js = jetstream(this.#nc);
    const consumer = await this.#js.consumers.get(routingNames.ingressStream, routingNames.routerConsumer);
    this.#messages = await consumer.consume({ max_messages: this.#options.maxInFlight ?? 1000 });
    this.#loop = this.#consume(this.#messages);
    this.#lagTimer = setInterval(() => void this.#pollLag(), lagPollMs);
    this.#lagTimer.unref();
    this.#log.info({ guilds: this.#guilds.size }, "router started");
  }

  /** Stops taking events, lets those in flight finish and be acknowledged, then disconnects. */
  async close(): Promise<void> {
    clearInterval(this.#lagTimer);
    await this.#messages?.close();
    await this.#loop;
    await Promise.allSettled([...this.#inFlight]);
    await this.#nc?.drain().catch(() => {});
    await this.#guilds.close();
    this.#log.info("router stopped");
  }

  async #consume(messages: ConsumerMessages): Promise<void> {
    for await (const message of messages) {
      const work = this.#forward(message);
      this.#inFlight.add(work);
      void work.finally(() => this.#inFlight.delete(work));
    }
  }

  async #forward(message: JsMsg): Promise<void> {
    const started = performance.now();
    const decision = routeEvent(message.subject, message.data, this.#guilds.lookup);
    const js = this.#js!;
    try {
      if (decision.kind === "dead-letter") {
        const h = natsHeaders();
        h.set(routingNames.deadLetterReasonHeader, decision.reason);
        h.set(routingNames.deadLetterSubjectHeader, message.subject);
        await js.publish(routingNames.deadLetterSubject, message.data, { headers: h, msgID: `${message.info.stream}:${message.seq}` });
        this.#log.warn({ subject: message.subject, seq: message.seq, reason: decision.reason }, "event dead-lettered");
        this.metrics.routed.dead_letter += 1;
      } else {
        // Production forwards carry no header of ours; sandbox forwards name their sandbox.
        const headers = decision.sid === undefined ? undefined : natsHeaders();
        headers?.set(routingNames.sandboxIdHeader, idOfSid(decision.sid!));
        const msgID = decision.eventId ?? message.headers?.get(PubHeaders.MsgIdHdr) ?? `${message.info.stream}:${message.seq}`;
        await js.publish(decision.subject, message.data, { msgID, ...(headers && { headers }) });
        this.metrics.routed[decision.sid === undefined ? "production" : "sandbox"] += 1;
      }
      message.ack();
      this.metrics.observeRouting((performance.now() - started) / 1000);
    } catch (error) {
      // Not stored: hand it back. A sandbox stream deleted under a stale map is the usual
      // cause, and by the redelivery the map no longer points there.
      this.metrics.forwardErrors += 1;
      this.#log.warn({ err: error, subject: message.subject, seq: message.seq }, "forward failed; event will be redelivered");
      message.nak(retryDelayMs);
    }
  }

  async #pollLag(): Promise<void> {
    try {
      const info = await (await jetstreamManager(this.#nc!, { checkAPI: false })).consumers.info(routingNames.ingressStream, routingNames.routerConsumer);
      this.metrics.consumerPending = info.num_pending + info.num_ack_pending;
    } catch {
      // Lag is best effort; the next poll tries again.
    }
  }
}
