/** Reads every message a JetStream stream holds, for exactly-once assertions. */
import type { NatsConnection } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";

export async function readStream(nc: NatsConnection, stream: string): Promise<{ subject: string; data: string }[]> {
  const total = (await (await jetstreamManager(nc)).streams.info(stream)).state.messages;
  const out: { subject: string; data: string }[] = [];
  if (total === 0) return out;
  const consumer = await jetstream(nc).consumers.get(stream);
  const messages = await consumer.consume({ max_messages: 1000 });
  for await (const message of messages) {
    out.push({ subject: message.subject, data: message.string() });
    if (message.info.pending === 0) break;
  }
  await messages.close();
  return out;
}

export async function waitForCount(nc: NatsConnection, stream: string, count: number, timeoutMs: number): Promise<number> {
  const jsm = await jetstreamManager(nc);
  const deadline = Date.now() + timeoutMs;
  let messages = 0;
  while (Date.now() < deadline) {
    messages = (await jsm.streams.info(stream)).state.messages;
    if (messages >= count) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return messages;
}
