/**
 * Configuration is resolved once, from the environment, into a frozen object. Every default
 * points at a service on this machine, so bd works with no configuration at all.
 */
import { ErrorCode, SandboxError } from "./errors.js";
import { quote, slugOwner, validateOwner } from "./naming.js";

export interface Config {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly amqpUrl: string;
  readonly rabbitmqManagementUrl: string;
  readonly natsUrl: string;
  readonly defaultTtlSeconds: number;
  readonly minTtlSeconds: number;
  readonly maxTtlSeconds: number;
  readonly maxPerDeveloper: number;
  readonly cleanupIntervalMinutes: number;
  /** How long a sandbox may sit in pending/creating/destroying before the reaper finishes it. */
  readonly stuckGraceSeconds: number;
  /** Folder of `.sql` files applied to each new sandbox schema; undefined = the shipped template. */
  readonly schemaTemplateDir: string | undefined;
  readonly discordToken: string | undefined;
  /** The acting developer: BD_OWNER, else the git user, else $USER (slugged). */
  readonly owner: string;
  /** Server-side secret that sandbox passwords derive from; unset = one kept in the control plane. */
  readonly secret: string | undefined;
  /** Fail create when a backend can only separate sandboxes by name (SANDBOX_REQUIRE_ISOLATION). */
  readonly requireIsolation: boolean;
  /** `bd nats init`'s key file: when set, sandboxes get NATS user JWTs (BD_NATS_AUTH). */
  readonly natsAuthFile: string | undefined;
  /** Where bd writes files for workers, such as NATS creds (BD_STATE_DIR, else ~/.local/state/bd). */
  readonly stateDir: string;
  readonly apiUrl: string | undefined;
  readonly apiToken: string | undefined;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** Facts the composition root gathers from outside the environment (e.g. `git config user.name`). */
export interface ConfigHints {
  readonly gitUserName?: string | undefined;
}

export const defaultUrls = Object.freeze({
  DATABASE_URL: "postgres://postgres@127.0.0.1:5432/postgres",
  REDIS_URL: "redis://127.0.0.1:6379",
  AMQP_URL: "amqp://guest:guest@127.0.0.1:5672",
  RABBITMQ_MANAGEMENT_URL: "http://guest:guest@127.0.0.1:15672",
  NATS_URL: "nats://127.0.0.1:4222",
});

export function parseConfig(env: Env, hints: ConfigHints = {}): Config {
  const minTtlMinutes = readNumber(env, "SANDBOX_MIN_TTL_MINUTES", 60, { min: 1 });
  const maxTtlHours = readNumber(env, "SANDBOX_MAX_TTL_HOURS", 168, { min: minTtlMinutes / 60 });
  const defaultTtlHours = readNumber(env, "SANDBOX_DEFAULT_TTL_HOURS", 24, { min: minTtlMinutes / 60, max: maxTtlHours });
  return Object.freeze({
    databaseUrl: readUrl(env, "DATABASE_URL"),
    redisUrl: readUrl(env, "REDIS_URL"),
    amqpUrl: readUrl(env, "AMQP_URL"),
    rabbitmqManagementUrl: readUrl(env, "RABBITMQ_MANAGEMENT_URL"),
    natsUrl: readUrl(env, "NATS_URL"),
    defaultTtlSeconds: Math.round(defaultTtlHours * 3600),
    minTtlSeconds: Math.round(minTtlMinutes * 60),
    maxTtlSeconds: Math.round(maxTtlHours * 3600),
    maxPerDeveloper: readNumber(env, "SANDBOX_MAX_PER_DEVELOPER", 3, { min: 1, integer: true }),
    cleanupIntervalMinutes: readNumber(env, "SANDBOX_CLEANUP_INTERVAL_MINUTES", 15, { min: 0.001 }),
    stuckGraceSeconds: Math.round(readNumber(env, "SANDBOX_STUCK_GRACE_MINUTES", 10, { min: 0 }) * 60),
    schemaTemplateDir: nonEmpty(env.SANDBOX_SCHEMA_TEMPLATE),
    discordToken: nonEmpty(env.SANDBOX_DISCORD_TOKEN),
    owner: resolveOwner(env, hints),
    secret: nonEmpty(env.BD_SECRET),
    requireIsolation: readBoolean(env, "SANDBOX_REQUIRE_ISOLATION"),
    natsAuthFile: nonEmpty(env.BD_NATS_AUTH),
    stateDir: nonEmpty(env.BD_STATE_DIR) ?? `${nonEmpty(env.HOME) ?? "."}/.local/state/bd`,
    apiUrl: nonEmpty(env.BD_API_URL),
    apiToken: nonEmpty(env.BD_API_TOKEN),
  });
}

function resolveOwner(env: Env, hints: ConfigHints): string {
  const explicit = nonEmpty(env.BD_OWNER);
  if (explicit !== undefined) return validateOwner(explicit);
  for (const candidate of [hints.gitUserName, env.USER, env.LOGNAME]) {
    const slug = slugOwner(candidate ?? "");
    if (slug) return slug;
  }
  return "developer";
}

function readUrl(env: Env, key: keyof typeof defaultUrls): string {
  const value = nonEmpty(env[key]) ?? defaultUrls[key];
  if (!URL.canParse(value)) throw new SandboxError(ErrorCode.InvalidConfig, `${key} is not a URL`);
  return value;
}

interface NumberRule {
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
}

function readNumber(env: Env, key: string, fallback: number, rule: NumberRule): number {
  const raw = nonEmpty(env[key]);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  const broken =
    !Number.isFinite(value) ||
    (rule.integer === true && !Number.isInteger(value)) ||
    (rule.min !== undefined && value < rule.min) ||
    (rule.max !== undefined && value > rule.max);
  if (broken) {
    const range = [rule.min !== undefined ? `at least ${rule.min}` : "", rule.max !== undefined ? `at most ${rule.max}` : ""]
      .filter(Boolean)
      .join(" and ");
    throw new SandboxError(ErrorCode.InvalidConfig, `${key}=${quote(raw)} is invalid: use a ${rule.integer ? "whole " : ""}number ${range}`);
  }
  return value;
}

function readBoolean(env: Env, key: string): boolean {
  const raw = nonEmpty(env[key])?.toLowerCase();
  if (raw === undefined || ["0", "false", "no", "off"].includes(raw)) return false;
  if (["1", "true", "yes", "on"].includes(raw)) return true;
  throw new SandboxError(ErrorCode.InvalidConfig, `${key}=${quote(raw)} is invalid: use true or false`);
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** A whole-number flag such as --port, refused with its name when out of range. */
export function parseIntegerOption(flag: string, raw: string, range: { min: number; max: number }): number {
  const value = Number(raw);
  if (!/^[0-9]+$/.test(raw.trim()) || value < range.min || value > range.max) {
    throw new SandboxError(ErrorCode.InvalidArgument, `${flag} ${quote(raw)} is invalid: use a whole number from ${range.min} to ${range.max}`);
  }
  return value;
}
