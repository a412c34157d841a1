/**
 * What a worker needs to use its sandbox, as environment variables. `DATABASE_URL` alone puts
 * a plain PostgreSQL client into the sandbox: libpq `options` set the search path and the
 * tenant context that the template's row-level security policies read.
 */
import type { Config } from "./config.js";
import type { ResourceNames } from "./naming.js";
import type { Sandbox } from "./sandbox.js";

export type ConnectionEnv = Readonly<Record<string, string>>;

export interface Login {
  readonly user: string;
  readonly password: string;
}

/** The sandbox's own credentials, for the backends that enforce them. */
export interface SandboxCredentials {
  readonly postgres?: Login;
  readonly redis?: Login;
  readonly rabbitmq?: Login;
  /** Path of a NATS creds file (JWT + seed), written with mode 0600. */
  readonly natsCreds?: string;
}

export const tenantSetting = "app.current_tenant";

export function connectionEnv(config: Config, sandbox: Sandbox, names: ResourceNames, credentials: SandboxCredentials = {}): ConnectionEnv {
  const env: Record<string, string> = {
    SANDBOX_ID: sandbox.id,
    SANDBOX_NAME: sandbox.name,
    DATABASE_URL: sandboxDatabaseUrl(withLogin(config.databaseUrl, credentials.postgres), names.pgSchema, sandbox.id),
    DATABASE_SCHEMA: names.pgSchema,
    REDIS_URL: withLogin(config.redisUrl, credentials.redis),
    REDIS_PREFIX: names.redisPrefix,
    AMQP_URL: withLogin(config.amqpUrl, credentials.rabbitmq),
    RABBITMQ_EXCHANGE: names.amqpExchange,
    RABBITMQ_QUEUE: names.amqpQueue,
    NATS_URL: config.natsUrl,
    NATS_PREFIX: names.natsPrefix,
    NATS_STREAM: names.natsStream,
    SANDBOX_GUILD_IDS: sandbox.guildIds.join(","),
  };
  if (credentials.natsCreds !== undefined) {
    env.NATS_CREDS = credentials.natsCreds;
    env.NATS_INBOX_PREFIX = names.natsInboxPrefix;
  }
  if (config.discordToken !== undefined) env.DISCORD_TOKEN = config.discordToken;
  return Object.freeze(env);
}

/** The URL with its user and password replaced by the login, or unchanged without one. */
export function withLogin(baseUrl: string, login: Login | undefined): string {
  if (login === undefined) return baseUrl;
  const url = new URL(baseUrl);
  url.username = encodeURIComponent(login.user);
  url.password = encodeURIComponent(login.password);
  const shown = url.toString();
  return shown.endsWith("/") && !baseUrl.endsWith("/") ? shown.slice(0, -1) : shown;
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
