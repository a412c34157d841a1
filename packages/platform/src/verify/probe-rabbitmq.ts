/** RabbitMQ attempts, through a plain AMQP client on the sandbox's own AMQP_URL. */
import { connect, type ChannelModel } from "amqplib";
import type { Attempt, ConnectionEnv, ProbeTarget } from "@bd/core";
import type { ProbeTargets } from "./probe-targets.js";

export async function probeRabbitmq(env: ConnectionEnv, targets: ProbeTargets): Promise<Attempt[]> {
  let connection: ChannelModel;
  try {
    connection = await connect(env.AMQP_URL!, { timeout: 5_000 });
  } catch (error) {
    return [{ backend: "rabbitmq", target: "own", action: "log in", outcome: "refused", detail: (error as Error).message }];
  }
  connection.on("error", () => {});
  const attempts: Attempt[] = [];
  // A refused operation closes its channel with 403, so every attempt gets a channel of its own.
  const attempt = async (target: ProbeTarget, action: string, run: (channel: Awaited<ReturnType<ChannelModel["createConfirmChannel"]>>) => Promise<unknown>) => {
    const channel = await connection.createConfirmChannel();
    // A refused publish surfaces as the channel closing; the reason arrives as its error event.
    let closedBecause: Error | undefined;
    channel.on("error", (error: Error) => (closedBecause = error));
    try {
      const result = await run(channel);
      attempts.push({ backend: "rabbitmq", target, action, outcome: "allowed", detail: result === false ? "empty" : "ok" });
    } catch (error) {
      const message = (closedBecause ?? (error as Error)).message;
      attempts.push({ backend: "rabbitmq", target, action, outcome: /ACCESS_REFUSED|403/.test(message) ? "refused" : "failed", detail: message });
    } finally {
      await channel.close().catch(() => {});
    }
  };
  const publish = (exchange: string) => async (channel: Awaited<ReturnType<ChannelModel["createConfirmChannel"]>>) => {
    channel.publish(exchange, "events.bd_verify", Buffer.from("probe"));
    await channel.waitForConfirms();
  };
  try {
    await attempt("own", `publish to ${env.RABBITMQ_EXCHANGE}`, publish(env.RABBITMQ_EXCHANGE!));
    await attempt("own", `get from ${env.RABBITMQ_QUEUE}`, (channel) => channel.get(env.RABBITMQ_QUEUE!, { noAck: true }));
    if (targets.other) {
      await attempt("other sandbox", `publish to ${targets.other.amqpExchange}`, publish(targets.other.amqpExchange));
      await attempt("other sandbox", `get from ${targets.other.amqpQueue}`, (channel) => channel.get(targets.other!.amqpQueue, { noAck: true }));
    }
    await attempt("production", `publish to ${targets.production.amqpExchange}`, publish(targets.production.amqpExchange));
    await attempt("production", `get from ${targets.production.amqpQueue}`, (channel) => channel.get(targets.production.amqpQueue, { noAck: true }));
    await attempt("production", `publish to queue ${targets.production.amqpQueue} through the default exchange`, async (channel) => {
      channel.sendToQueue(targets.production.amqpQueue, Buffer.from("probe"));
      await channel.waitForConfirms();
    });
  } finally {
    await connection.close().catch(() => {});
  }
  return attempts;
}
