/** The machine and server versions a benchmark ran on, so figures are never quoted bare. */
import os from "node:os";
import type { Platform } from "@bd/platform";

export async function describeMachine(platform: Platform) {
  const { backends } = platform;
  const [pgVersion, redisInfo, nc, amqp] = await Promise.all([
    backends.db.query<{ server_version: string }>("SHOW server_version"),
    backends.redis().then((r) => r.info("server")),
    backends.nats(),
    backends.amqp(),
  ]);
  const amqpVersion = (amqp.connection as unknown as { serverProperties?: { version?: string } }).serverProperties?.version;
  return {
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    postgres: pgVersion.rows[0]?.server_version,
    redis: /redis_version:(\S+)/.exec(redisInfo)?.[1],
    rabbitmq: amqpVersion,
    nats: nc.info?.version,
  };
}
