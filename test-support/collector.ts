/** Core NATS subscribers that record what reaches each subject, for routing assertions. */
import { connect, type NatsConnection, type Subscription } from "@nats-io/transport-node";
import { routingNames } from "@bd/core";

export interface Received {
  readonly subject: string;
  readonly data: string;
  readonly sandboxId: string | undefined;
}

export interface Collector {
  readonly received: Received[];
  /** Messages whose payload contains the marker. */
  matching(marker: string): Received[];
  waitFor(marker: string, count?: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

export async function collect(url: string, subjects: readonly string[]): Promise<Collector> {
  const nc: NatsConnection = await connect({ servers: url });
  const received: Received[] = [];
  const subs: Subscription[] = subjects.map((subject) =>
    nc.subscribe(subject, {
      callback: (_error, msg) => {
        received.push({ subject: msg.subject, data: msg.string(), sandboxId: msg.headers?.get(routingNames.sandboxIdHeader) || undefined });
      },
    }),
  );
  await nc.flush();
  const matching = (marker: string) => received.filter((r) => r.data.includes(marker));
  return {
    received,
    matching,
    async waitFor(marker, count = 1, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (matching(marker).length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      return matching(marker);
    },
    async close() {
      subs.forEach((s) => s.unsubscribe());
      await nc.drain();
    },
  };
}
