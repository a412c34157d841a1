/**
 * `bd events emit`: publishes a realistic gateway dispatch to the ingress stream, exactly as
 * the Discord gateway would, so the router treats it like any other event.
 */
import { randomUUID } from "node:crypto";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { buildDispatch, ingressSubject, parseEventData } from "@bd/core";
import { backendFailure } from "./backend-errors.js";
import type { Backends } from "./backends.js";
import { ensureIngressStream } from "./router/routing-streams.js";

export interface EmitInput {
  readonly eventType: string;
  readonly guildId: string;
  readonly data?: string | undefined;
}

export interface EmittedEvent {
  readonly subject: string;
  readonly stream: string;
  readonly seq: number;
  readonly eventType: string;
  readonly guildId: string;
  readonly payload: unknown;
}

export async function emitEvent(backends: Backends, input: EmitInput): Promise<EmittedEvent> {
  const overrides = parseEventData(input.data);
  const dispatch = buildDispatch(input.eventType, input.guildId, { now: new Date(), random: Math.random, sequence: 1 }, overrides);
  const subject = ingressSubject(dispatch.kind, dispatch.type);
  const nc = await backends.nats();
  try {
    await ensureIngressStream(await jetstreamManager(nc));
    const ack = await jetstream(nc).publish(subject, JSON.stringify(dispatch.payload), { msgID: randomUUID() });
    return { subject, stream: ack.stream, seq: ack.seq, eventType: dispatch.payload.t, guildId: input.guildId, payload: dispatch.payload };
  } catch (cause) {
    throw backendFailure("nats", backends.urls.natsUrl, `publish to ${subject}`, cause);
  }
}
