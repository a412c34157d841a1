/**
 * The streams and the durable consumer the routing path needs, created when missing:
 * GATEWAY on `gateway.>` (ingress), a production stream for `events.>` and `commands.>`
 * unless some stream already captures them, and a dead-letter stream.
 */
import { AckPolicy, DeliverPolicy, DiscardPolicy, JetStreamApiCodes, JetStreamApiError, RetentionPolicy, StorageType, type JetStreamManager, type StreamConfig } from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import { routingNames } from "@bd/core";

const day = 24 * 3600 * 1000;

function streamConfig(name: string, subjects: string[]): Partial<StreamConfig> & { name: string } {
  return {
    name,
    subjects,
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    num_replicas: 1,
    discard: DiscardPolicy.Old,
    max_age: nanos(day),
    max_bytes: 1024 * 1024 * 1024,
    duplicate_window: nanos(2 * 60 * 1000),
  };
}

async function streamExists(jsm: JetStreamManager, name: string): Promise<boolean> {
  try {
    await jsm.streams.info(name);
    return true;
  } catch (error) {
    if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound) return false;
    throw error;
  }
}

async function capturedBySomeStream(jsm: JetStreamManager, subject: string): Promise<boolean> {
  try {
    await jsm.streams.find(subject);
    return true;
  } catch {
    return false;
  }
}

/** The ingress stream alone: what `bd events emit` needs before publishing. */
export async function ensureIngressStream(jsm: JetStreamManager): Promise<void> {
  if (!(await streamExists(jsm, routingNames.ingressStream))) {
    await jsm.streams.add(streamConfig(routingNames.ingressStream, [routingNames.ingressSubjects])).catch(async (error: unknown) => {
      // Another router or emitter created it first.
      if (!(await streamExists(jsm, routingNames.ingressStream))) throw error;
    });
  }
}

export async function ensureRoutingStreams(jsm: JetStreamManager): Promise<void> {
  await ensureIngressStream(jsm);
  const uncaptured: string[] = [];
  for (const subjects of routingNames.productionSubjects) {
    if (!(await capturedBySomeStream(jsm, subjects))) uncaptured.push(subjects);
  }
  if (uncaptured.length > 0 && !(await streamExists(jsm, routingNames.productionStream))) {
    await jsm.streams.add(streamConfig(routingNames.productionStream, uncaptured));
  }
  if (!(await streamExists(jsm, routingNames.deadLetterStream))) {
    await jsm.streams.add(streamConfig(routingNames.deadLetterStream, [routingNames.deadLetterSubject]));
  }
}

export interface ConsumerOptions {
  readonly ackWaitMs: number;
  readonly maxAckPending: number;
}

/** The durable consumer every router instance shares: each event goes to one of them. */
export async function ensureRouterConsumer(jsm: JetStreamManager, options: ConsumerOptions): Promise<void> {
  const config = {
    durable_name: routingNames.routerConsumer,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(options.ackWaitMs),
    max_ack_pending: options.maxAckPending,
    max_deliver: -1,
  };
  try {
    await jsm.consumers.add(routingNames.ingressStream, config);
  } catch (error) {
    // An existing consumer with other settings (an older router's) is used as it is.
    await jsm.consumers.info(routingNames.ingressStream, routingNames.routerConsumer).catch(() => {
      throw error;
    });
  }
}
