/**
 * A sandbox's RabbitMQ topic exchange and worker queue, bound with `#`, and — where the
 * management API lets bd manage users — a user whose configure, write and read permissions
 * match only `^sandbox\.<sid>\.`. Deleting the user closes its connections.
 */
import type { Channel } from "amqplib";
import { resourceOf, resourcePatterns, type Isolation } from "@bd/core";
import type { RabbitmqManagement } from "../rabbitmq-management.js";
import { sidsMatching } from "./inventory.js";
import { backendFailure } from "../backend-errors.js";
import type { Backends } from "../backends.js";
import type { CredentialVault } from "../credential-vault.js";
import { rabbitmqPasswordHash } from "./password-hashes.js";
import type { Provisioner } from "./provisioner.js";

export function createRabbitmqProvisioner(backends: Backends, management: RabbitmqManagement, vault: CredentialVault): Provisioner {
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

    async connect() {
      await backends.amqp();
    },

    async ensure(plan) {
      const { exchange, queue, bindingKey } = resourceOf(plan, "rabbitmq");
      const declare = withChannel(`declare exchange ${exchange} and queue ${queue}`, async (channel) => {
        await channel.assertExchange(exchange, "topic", { durable: true, autoDelete: false });
        await channel.assertQueue(queue, { durable: true, autoDelete: false });
        await channel.bindQueue(queue, exchange, bindingKey);
      });
      // AMQP declares and the management API's user calls are independent: run them together.
      const confine = async (): Promise<Isolation> => {
        if (!(await management.canManageUsers())) return "namespace";
        try {
          const hash = rabbitmqPasswordHash(await vault.password("rabbitmq", plan.sandbox.id));
          await management.putConfinedUser(plan.names.principal, hash, plan.names.amqpPermission);
          return "enforced";
        } catch (cause) {
          throw fail(`create user ${plan.names.principal}`, cause);
        }
      };
      const [, isolation] = await Promise.all([declare, confine()]);
      return { isolation };
    },

    async destroy(plan) {
      const { exchange, queue } = resourceOf(plan, "rabbitmq");
      // Without the management API bd could not have made a user, so there is none to delete.
      if (await management.canManageUsers()) {
        await management.deleteUser(plan.names.principal).catch((cause) => {
          throw fail(`delete user ${plan.names.principal}`, cause);
        });
      }
      // Deleting what is already gone is a no-op in RabbitMQ, which makes this idempotent.
      await withChannel(`delete exchange ${exchange} and queue ${queue}`, async (channel) => {
        await channel.deleteQueue(queue);
        await channel.deleteExchange(exchange);
      });
    },

    async inspect(plan) {
      const { exchange, queue } = resourceOf(plan, "rabbitmq");
      const [exchangeFound, queueInfo, user] = await Promise.all([
        probe((channel) => channel.checkExchange(exchange)),
        probe((channel) => channel.checkQueue(queue)),
        management.canManageUsers().then((can) => can && management.userExists(plan.names.principal)),
      ]);
      const exists = exchangeFound !== undefined && queueInfo !== undefined;
      const parts = [
        exchangeFound ? `exchange ${exchange}` : `exchange ${exchange} absent`,
        queueInfo ? `queue ${queue}: ${queueInfo.messageCount} messages, ${queueInfo.consumerCount} consumers` : `queue ${queue} absent`,
      ];
      if (user) parts.push(`user ${plan.names.principal}`);
      return { kind: "rabbitmq", exists, detail: parts.join("; "), isolation: user ? "enforced" : "namespace" };
    },

    async inventory() {
      const [queues, exchanges, users] = await Promise.all([management.listNames("queues"), management.listNames("exchanges"), management.listNames("users")]);
      return new Set([...sidsMatching([...queues, ...exchanges], resourcePatterns.amqpName), ...sidsMatching(users, resourcePatterns.principal)]);
    },
  };
}
