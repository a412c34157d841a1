/**
 * What the isolation probe aims at besides the sandbox itself: another live sandbox's names and
 * fixtures standing in for production, made once by bd's own (admin) connections.
 */
import { escapeIdentifier } from "pg";
import type { ResourceNames } from "@bd/core";
import type { Backends } from "../backends.js";

/** Production stand-ins: outside every sandbox's namespace, owned by bd's admin user. */
export const productionFixtures = Object.freeze({
  pgTable: "bd_isolation_probe",
  redisKey: "bd:isolation-probe",
  amqpExchange: "bd.isolation-probe",
  amqpQueue: "bd.isolation-probe",
  natsSubject: "events.bd_isolation_probe",
});

export interface ProbeTargets {
  /** Another running sandbox's names, or undefined when there is none to try. */
  readonly other: ResourceNames | undefined;
  readonly production: typeof productionFixtures;
}

export async function ensureProductionFixtures(backends: Backends): Promise<void> {
  const table = `public.${escapeIdentifier(productionFixtures.pgTable)}`;
  await backends.db.query(`CREATE TABLE IF NOT EXISTS ${table} (note text)`).catch(async (error: unknown) => {
    // Two probes at once may race to create it; the loser finds it there.
    const { rows } = await backends.db.query("SELECT to_regclass($1) AS t", [`public.${productionFixtures.pgTable}`]);
    if (!rows[0]?.t) throw error;
  });
  await (await backends.redis()).set(productionFixtures.redisKey, "production data");
  const channel = await (await backends.amqp()).createChannel();
  try {
    await channel.assertExchange(productionFixtures.amqpExchange, "topic", { durable: true });
    await channel.assertQueue(productionFixtures.amqpQueue, { durable: true });
    await channel.bindQueue(productionFixtures.amqpQueue, productionFixtures.amqpExchange, "#");
  } finally {
    await channel.close();
  }
}
