/**
 * What the isolation probe aims at besides the sandbox itself: another live sandbox's names and
 * fixtures standing in for production, made once by bd's own (admin) connections.
 */
import { escapeIdentifier } from "pg";
import { probeFixtures, type ResourceNames } from "@bd/core";
import type { Backends } from "../backends.js";


export interface ProbeTargets {
  /** The probed sandbox's own names. */
  readonly own: ResourceNames;
  /** Another running sandbox's names, or undefined when there is none to try. */
  readonly other: ResourceNames | undefined;
  readonly production: typeof probeFixtures;
}

export async function ensureProductionFixtures(backends: Backends): Promise<void> {
  const table = `public.${escapeIdentifier(probeFixtures.pgTable)}`;
  await backends.db.query(`CREATE TABLE IF NOT EXISTS ${table} (note text)`).catch(async (error: unknown) => {
    // Two probes at once may race to create it; the loser finds it there.
    const { rows } = await backends.db.query("SELECT to_regclass($1) AS t", [`public.${probeFixtures.pgTable}`]);
    if (!rows[0]?.t) throw error;
  });
  await (await backends.redis()).set(probeFixtures.redisKey, "production data");
  const channel = await (await backends.amqp()).createChannel();
  try {
    await channel.assertExchange(probeFixtures.amqpExchange, "topic", { durable: true });
    await channel.assertQueue(probeFixtures.amqpQueue, { durable: true });
    await channel.bindQueue(probeFixtures.amqpQueue, probeFixtures.amqpExchange, "#");
  } finally {
    await channel.close();
  }
}
