/** A sandbox's RabbitMQ topic exchange and worker queue, bound with `#`. */
import type { Channel } from "amqplib";
import { resourceOf, resourcePatterns } from "@bd/core";
import type { RabbitmqManagement } from "../rabbitmq-management.js";
import { sidsMatching } from "./inventory.js";
import { backendFailure } from "../backend-errors.js";
import type { Backends } from "../backends.js";
import type { Provisioner } from "./provisioner.js";

export function createRabbitmqProvisioner(backends: Backends, management: RabbitmqManagement): Provisioner {
  const url = backends.urls.amqpUrl;
  const fail = (action: string, cause: unknown) => backendFailure("rabbitmq", url, action, cause);

  async function withChannel<T>(action: string, fn: (channel: Channel) => Promise<T>): Promise<T> {
    const connection = await backends.amqp();
    let channel: Channel | undefined;
    try {
      channel = await connection.createChannel();
      channel.on("error", () => {});
      return await fn(channel);
    } catch (cause) {
      throw fail(action, cause);
    } finally {
      await channel?.close().catch(() => {});
    }
  }

  /** A passive declare of something absent closes its channel with 404, so each probe gets its own. */
  async function probe<T>(fn: (channel: Channel) => Promise<T>): Promise<T | undefined> {
    try {
      return await withChannel("inspect", fn);
    } catch (error) {
      if (/404|NOT_FOUND/.test(String((error as Error).message))) return undefined;
      throw error;
    }
  }

  return {
    kind: "rabbitmq",

    async ensure(plan) {
      const { exchange, queue, bindingKey } = resourceOf(plan, "rabbitmq");
      await withChannel(`declare exchange ${exchange} and queue ${queue}`, async (channel) => {
        await channel.assertExchange(exchange, "topic", { durable: true, autoDelete: false });
        await channel.assertQueue(queue, { durable: true, autoDelete: false });
        await channel.bindQueue(queue, exchange, bindingKey);
      });
    },

    async destroy(plan) {
      const { exchange, queue } = resourceOf(plan, "rabbitmq");
      // Deleting what is already gone is a no-op in RabbitMQ, which makes this idempotent.
      await withChannel(`delete exchange ${exchange} and queue ${queue}`, async (channel) => {
        await channel.deleteQueue(queue);
        await channel.deleteExchange(exchange);
      });
    },

    async inspect(plan) {
      const { exchange, queue } = resourceOf(plan, "rabbitmq");
      const [exchangeFound, queueInfo] = await Promise.all([
        probe((channel) => channel.checkExchange(exchange)),
        probe((channel) => channel.checkQueue(queue)),
      ]);
      const exists = exchangeFound !== undefined && queueInfo !== undefined;
      const parts = [
        exchangeFound ? `exchange ${exchange}` : `exchange ${exchange} absent`,
        queueInfo ? `queue ${queue}: ${queueInfo.messageCount} messages, ${queueInfo.consumerCount} consumers` : `queue ${queue} absent`,
      ];
      return { kind: "rabbitmq", exists, detail: parts.join("; "), isolation: "namespace" };
    },

    async inventory() {
      const [queues, exchanges] = await Promise.all([management.listNames("queues"), management.listNames("exchanges")]);
      return sidsMatching([...queues, ...exchanges], resourcePatterns.amqpName);
    },
  };
}
