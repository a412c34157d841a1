import { resourceNames, type Sandbox } from "@bd/core";

/** The stable JSON shape of a sandbox for scripts (`--json`). Never holds a secret. */
export function sandboxJson(sandbox: Sandbox) {
  const names = resourceNames(sandbox.id);
  return {
    id: sandbox.id,
    name: sandbox.name,
    owner: sandbox.owner,
    status: sandbox.status,
    ttlSeconds: sandbox.ttlSeconds,
    createdAt: sandbox.createdAt.toISOString(),
    expiresAt: sandbox.expiresAt.toISOString(),
    destroyedAt: sandbox.destroyedAt?.toISOString() ?? null,
    lastError: sandbox.lastError,
    guildIds: sandbox.guildIds,
    isolation: sandbox.isolation,
    resources: {
      schema: names.pgSchema,
      redisPrefix: names.redisPrefix,
      exchange: names.amqpExchange,
      queue: names.amqpQueue,
      natsPrefix: names.natsPrefix,
      stream: names.natsStream,
    },
  };
}
