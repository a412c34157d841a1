/**
 * The one place where resource names are made. Every identifier that reaches PostgreSQL,
 * Redis, RabbitMQ or NATS comes from here, built from a validated sandbox id, so no other
 * module concatenates names and nothing user-typed ever reaches a server as an identifier.
 *
 * Terminology: `id` is the sandbox's UUID; `sid` is its 32 lowercase hex digits, the token
 * used in every resource name.
 */
import { ErrorCode, SandboxError } from "./errors.js";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const sidPattern = /^[0-9a-f]{32}$/;
const namePattern = /^[a-z0-9][a-z0-9-]{1,62}$/;
const ownerPattern = /^[a-z0-9][a-z0-9-]{0,31}$/;
const snowflakePattern = /^[0-9]{17,20}$/;

export type Sid = string & { readonly __brand: "Sid" };

export interface ResourceNames {
  readonly sid: Sid;
  readonly pgSchema: string;
  readonly redisPrefix: string;
  /** SCAN MATCH pattern for every key of the sandbox (the sid holds no glob characters). */
  readonly redisKeyPattern: string;
  /** Written at create, so `status` can tell a made namespace from an empty one. */
  readonly redisMarkerKey: string;
  readonly natsPrefix: string;
  readonly natsSubjects: string;
  readonly natsStream: string;
  readonly amqpExchange: string;
  readonly amqpQueue: string;
  readonly amqpBindingKey: string;
  /** The sandbox's own login in PostgreSQL, Redis and RabbitMQ, and its NATS user's name. */
  readonly principal: string;
  /** RabbitMQ permission regex: configure, write and read only names under the sandbox's prefix. */
  readonly amqpPermission: string;
  /** Inbox prefix the sandbox's NATS clients must use; its user may subscribe only beneath it. */
  readonly natsInboxPrefix: string;
  /** What `bd sandbox verify` writes inside the namespace: a key and a subject of the sandbox's own. */
  readonly redisProbeKey: string;
  readonly natsProbeSubject: string;
}

export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}

/** The sid of a sandbox id; throws if the id is not a lowercase UUID. */
export function sidOf(id: string): Sid {
  if (!isUuid(id)) throw new SandboxError(ErrorCode.InvalidRef, `not a sandbox id: ${quote(id)}`);
  return id.replaceAll("-", "") as Sid;
}

export function idOfSid(sid: string): string {
  if (!sidPattern.test(sid)) throw new SandboxError(ErrorCode.InvalidRef, `not a sandbox sid: ${quote(sid)}`);
  return `${sid.slice(0, 8)}-${sid.slice(8, 12)}-${sid.slice(12, 16)}-${sid.slice(16, 20)}-${sid.slice(20)}`;
}

/** All resource names of one sandbox, derived from its id alone. */
export function resourceNames(id: string): ResourceNames {
  const sid = sidOf(id);
  return Object.freeze({
    sid,
    pgSchema: `sandbox_${sid}`,
    redisPrefix: `sandbox:${sid}:`,
    redisKeyPattern: `sandbox:${sid}:*`,
    redisMarkerKey: `sandbox:${sid}:bd:sandbox`,
    natsPrefix: `sandbox.${sid}.`,
    natsSubjects: `sandbox.${sid}.>`,
    natsStream: `SANDBOX_${sid}`,
    amqpExchange: `sandbox.${sid}.events`,
    amqpQueue: `sandbox.${sid}.worker`,
    amqpBindingKey: "#",
    principal: `sandbox_${sid}`,
    amqpPermission: `^sandbox\\.${sid}\\.`,
    natsInboxPrefix: `_INBOX.${sid}`,
    redisProbeKey: `sandbox:${sid}:bd:verify`,
    natsProbeSubject: `sandbox.${sid}.events.bd_verify`,
  });
}

/** What the servers are asked for when the reaper lists every sandbox-named thing they hold. */
export const inventoryFilters = Object.freeze({
  /** SQL LIKE for schemas and roles (`_` escaped). */
  pgLike: "sandbox\\_%",
  /** Redis SCAN MATCH for every sandbox key. */
  redisMatch: "sandbox:*",
});

/**
 * bd's stand-ins for production in the isolation probe: outside every sandbox's namespace,
 * made by bd's admin connections, never by a sandbox.
 */
export const probeFixtures = Object.freeze({
  pgTable: "bd_isolation_probe",
  redisKey: "bd:isolation-probe",
  amqpExchange: "bd.isolation-probe",
  amqpQueue: "bd.isolation-probe",
  natsSubject: "events.bd_isolation_probe",
});

/** Patterns that recognise a sandbox resource by name alone (used to find orphans). */
export const resourcePatterns = Object.freeze({
  redisKey: /^sandbox:([0-9a-f]{32}):/,
  amqpName: /^sandbox\.([0-9a-f]{32})\./,
  natsStream: /^SANDBOX_([0-9a-f]{32})$/,
  /** PostgreSQL schemas and roles, Redis ACL users, RabbitMQ users: all `sandbox_<sid>`. */
  principal: /^sandbox_([0-9a-f]{32})$/,
});

export function validateName(name: string): string {
  if (!namePattern.test(name)) {
    throw new SandboxError(
      ErrorCode.InvalidName,
      `invalid sandbox name ${quote(name)}: use 2-63 characters a-z, 0-9 and '-', starting with a letter or digit`,
    );
  }
  return name;
}

export function validateOwner(owner: string): string {
  if (!ownerPattern.test(owner)) {
    throw new SandboxError(
      ErrorCode.InvalidOwner,
      `invalid owner ${quote(owner)}: use 1-32 characters a-z, 0-9 and '-', starting with a letter or digit`,
    );
  }
  return owner;
}

export function validateGuildId(guildId: string): string {
  if (!snowflakePattern.test(guildId)) {
    throw new SandboxError(ErrorCode.InvalidGuildId, `invalid guild id ${quote(guildId)}: a Discord snowflake is 17-20 digits`);
  }
  return guildId;
}

/** Turns any user or git name into an owner slug ("Jane Doe" → "jane-doe"); "" if nothing is left. */
export function slugOwner(raw: string): string {
  return raw
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 32)
    .replace(/-+$/, "");
}

const suffixAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

/**
 * The PRD's default name `sandbox-{owner}-{random6}`. `randomBytes` is passed in so the
 * function stays pure; six bytes give six characters.
 */
export function defaultSandboxName(owner: string, randomBytes: Uint8Array): string {
  const suffix = Array.from(randomBytes.subarray(0, 6), (byte) => suffixAlphabet[byte % suffixAlphabet.length]).join("");
  return validateName(`sandbox-${validateOwner(owner)}-${suffix}`);
}

/** Shows a user's value inside a one-line message: quoted, control characters escaped, cut short. */
export function quote(value: string): string {
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  return JSON.stringify(shown);
}

/**
 * Names of the event routing path. Terminology: *ingress* is what the Discord gateway publishes
 * (`gateway.<kind>.<type>`); the router forwards each event to a sandbox's subjects or to
 * production's (`<kind>.<type>`).
 */
export const routingNames = Object.freeze({
  ingressStream: "GATEWAY",
  ingressSubjects: "gateway.>",
  routerConsumer: "bd-router",
  productionStream: "PRODUCTION",
  productionSubjects: Object.freeze(["events.>", "commands.>"]),
  deadLetterStream: "BD_DEAD_LETTER",
  deadLetterSubject: "bd.dead-letter",
  /** PostgreSQL NOTIFY channel raised whenever the guild → sandbox map may have changed. */
  guildMapChannel: "bd_guild_map",
  sandboxIdHeader: "Bd-Sandbox-Id",
  deadLetterReasonHeader: "Bd-Dead-Letter-Reason",
  deadLetterSubjectHeader: "Bd-Original-Subject",
});

export const eventKinds = ["events", "commands"] as const;
export type EventKind = (typeof eventKinds)[number];

const eventTypePattern = /^[a-z0-9_]{1,64}$/;

export function isEventKind(value: string): value is EventKind {
  return (eventKinds as readonly string[]).includes(value);
}

export function isEventType(value: string): boolean {
  return eventTypePattern.test(value);
}

export function ingressSubject(kind: EventKind, type: string): string {
  return `gateway.${kind}.${checkedType(type)}`;
}

export function productionSubject(kind: EventKind, type: string): string {
  return `${kind}.${checkedType(type)}`;
}

export function sandboxSubject(sid: Sid, kind: EventKind, type: string): string {
  return `sandbox.${sid}.${kind}.${checkedType(type)}`;
}

function checkedType(type: string): string {
  if (!eventTypePattern.test(type)) throw new SandboxError(ErrorCode.InvalidArgument, `invalid event type ${quote(type)}`);
  return type;
}
