/**
 * The router's decision for one ingress event, as a pure function of its subject, its bytes
 * and the in-memory guild map. The bytes are only read, never re-encoded: the router forwards
 * them unchanged.
 */
import { isEventKind, isEventType, productionSubject, sandboxSubject, type EventKind, type Sid } from "./naming.js";

export type RouteDecision =
  | {
      readonly kind: "forward";
      readonly subject: string;
      /** The sid of the sandbox the event goes to; undefined for production. */
      readonly sid: Sid | undefined;
      readonly guildId: string | undefined;
      /** The envelope's `event_id`, used to de-duplicate forwards. */
      readonly eventId: string | undefined;
    }
  | { readonly kind: "dead-letter"; readonly reason: string };

/** guild id → sid of the live sandbox that holds it. */
export type GuildLookup = (guildId: string) => Sid | undefined;

const guildEventTypes = new Set(["GUILD_CREATE", "GUILD_UPDATE", "GUILD_DELETE"]);
const snowflake = /^[0-9]{17,20}$/;
const decoder = new TextDecoder("utf-8", { fatal: true });

export function routeEvent(subject: string, payload: Uint8Array, lookup: GuildLookup): RouteDecision {
  const parts = subject.split(".");
  const [root, kind, type] = parts;
  if (parts.length !== 3 || root !== "gateway" || kind === undefined || !isEventKind(kind) || type === undefined || !isEventType(type)) {
    return { kind: "dead-letter", reason: `unroutable subject ${subject}` };
  }
  let event: unknown;
  try {
    event = JSON.parse(decoder.decode(payload));
  } catch {
    return { kind: "dead-letter", reason: "payload is not JSON" };
  }
  if (typeof event !== "object" || event === null || Array.isArray(event)) {
    return { kind: "dead-letter", reason: "payload is not a JSON object" };
  }
  const guildId = guildOf(event as Record<string, unknown>);
  const sid = guildId === undefined ? undefined : lookup(guildId);
  const eventId = (event as { event_id?: unknown }).event_id;
  return {
    kind: "forward",
    subject: sid === undefined ? productionSubject(kind as EventKind, type) : sandboxSubject(sid, kind as EventKind, type),
    sid,
    guildId,
    eventId: typeof eventId === "string" && eventId.length > 0 && eventId.length <= 128 ? eventId : undefined,
  };
}

/**
 * The guild of a raw dispatch `{op,t,s,d}` or an envelope `{event_type,guild_id,data}`:
 * top-level guild_id, else d.guild_id / data.guild_id, else a guild event's own id.
 */
export function guildOf(event: Readonly<Record<string, unknown>>): string | undefined {
  const body = asRecord(event.d) ?? asRecord(event.data);
  const eventType = typeof event.t === "string" ? event.t : typeof event.event_type === "string" ? event.event_type.toUpperCase() : undefined;
  const candidates = [event.guild_id, body?.guild_id, eventType !== undefined && guildEventTypes.has(eventType) ? body?.id : undefined];
  // Snowflakes arrive as strings: as JSON numbers they would already have lost precision.
  for (const candidate of candidates) {
    if (typeof candidate === "string" && snowflake.test(candidate)) return candidate;
  }
  return undefined;
}

function asRecord(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
