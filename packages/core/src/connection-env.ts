/**
 * What a worker needs to use its sandbox, as environment variables. `DATABASE_URL` alone puts
 * a plain PostgreSQL client into the sandbox: libpq `options` set the search path and the
 * tenant context that the template's row-level security policies read.
 */
import type { Config } from "./config.js";
import type { ResourceNames } from "./naming.js";
import type { Sandbox } from "./sandbox.js";

export type ConnectionEnv = Readonly<Record<string, string>>;

export const tenantSetting = "app.current_tenant";

export function connectionEnv(config: Config, sandbox: Sandbox, names: ResourceNames): ConnectionEnv {
  const env: Record<string, string> = {
    SANDBOX_ID: sandbox.id,
    SANDBOX_NAME: sandbox.name,
    DATABASE_URL: sandboxDatabaseUrl(config.databaseUrl, names.pgSchema, sandbox.id),
    DATABASE_SCHEMA: names.pgSchema,
    REDIS_URL: config.redisUrl,
    REDIS_PREFIX: names.redisPrefix,
    AMQP_URL: config.amqpUrl,
    RABBITMQ_EXCHANGE: names.amqpExchange,
    RABBITMQ_QUEUE: names.amqpQueue,
    NATS_URL: config.natsUrl,
    NATS_PREFIX: names.natsPrefix,
    NATS_STREAM: names.natsStream,
    SANDBOX_GUILD_IDS: sandbox.guildIds.join(","),
  };
  if (config.discordToken !== undefined) env.DISCORD_TOKEN = config.discordToken;
  return Object.freeze(env);
}

export function sandboxDatabaseUrl(baseUrl: string, schema: string, tenantId: string): string {
  const url = new URL(baseUrl);
  url.searchParams.delete("options");
  const options = `-c search_path=${schema},public -c ${tenantSetting}=${tenantId}`;
  const query = url.searchParams.toString();
  url.search = "";
  // encodeURIComponent, not URLSearchParams: libpq and node-postgres read %20, not "+", as a space.
  return `${url.toString()}?${query ? `${query}&` : ""}options=${encodeURIComponent(options)}`;
}

export const connectFormats = ["env", "dotenv", "json"] as const;
export type ConnectFormat = (typeof connectFormats)[number];

/** Renders for `eval "$(bd sandbox connect x)"` (env), a .env file (dotenv), or one JSON object. */
export function formatConnectionEnv(env: ConnectionEnv, format: ConnectFormat): string {
  if (format === "json") return JSON.stringify(env, null, 2);
  const prefix = format === "env" ? "export " : "";
  return Object.entries(env)
    .map(([key, value]) => `${prefix}${key}=${shellQuote(value)}`)
    .join("\n");
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
