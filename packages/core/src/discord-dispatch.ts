/**
 * Realistic Discord gateway dispatches for `bd events emit`, so a developer can drive a sandbox
 * without Discord. Shapes follow discord-api-types (v10); ids are real snowflakes made from the
 * clock and random bits passed in, which keeps this module pure.
 */
import {
  ApplicationCommandType,
  GatewayDispatchEvents,
  GatewayOpcodes,
  InteractionType,
  Locale,
  MessageType,
  type APIChatInputApplicationCommandGuildInteraction,
  type APIGuild,
  type APIUser,
  type GuildMemberFlags,
  type GatewayGuildMemberAddDispatchData,
  type GatewayMessageCreateDispatchData,
} from "discord-api-types/v10";
import { ErrorCode, SandboxError } from "./errors.js";
import { quote, validateGuildId, type EventKind } from "./naming.js";

const discordEpoch = 1420070400000n;
const noMemberFlags = 0 as GuildMemberFlags;

export interface DispatchSource {
  readonly now: Date;
  /** 64 random bits' worth per call; snowflakes use 22 of them. */
  readonly random: () => number;
  readonly sequence: number;
}

export interface BuiltDispatch {
  readonly kind: EventKind;
  /** Lower-case dispatch name: the `<type>` of `gateway.<kind>.<type>`. */
  readonly type: string;
  readonly payload: { readonly op: GatewayOpcodes.Dispatch; readonly t: GatewayDispatchEvents; readonly s: number; readonly d: Record<string, unknown> };
}

const dispatchNames = new Set<string>(Object.values(GatewayDispatchEvents));

export function snowflakeAt(at: Date, random: () => number): string {
  const increment = BigInt(Math.floor(random() * 4096)) & 0xfffn;
  const worker = BigInt(Math.floor(random() * 1024)) & 0x3ffn;
  return (((BigInt(at.getTime()) - discordEpoch) << 22n) | (worker << 12n) | increment).toString();
}

/** Builds a dispatch of `eventType` for a guild; `overrides` are merged over `d`. */
export function buildDispatch(eventType: string, guildId: string, source: DispatchSource, overrides: Record<string, unknown> = {}): BuiltDispatch {
  const t = eventType.toUpperCase();
  if (!dispatchNames.has(t)) {
    throw new SandboxError(ErrorCode.InvalidArgument, `unknown Discord event ${quote(eventType)}: use a gateway dispatch name such as MESSAGE_CREATE, INTERACTION_CREATE, GUILD_CREATE, GUILD_MEMBER_ADD`);
  }
  validateGuildId(guildId);
  const id = () => snowflakeAt(source.now, source.random);
  const timestamp = source.now.toISOString();
  const user: APIUser = { id: id(), username: "sandbox-tester", discriminator: "0", global_name: "Sandbox Tester", avatar: null };
  const d = { ...shapeOf(t as GatewayDispatchEvents, { guildId, id, timestamp, user }), ...overrides };
  const kind: EventKind = t === GatewayDispatchEvents.InteractionCreate ? "commands" : "events";
  return { kind, type: t.toLowerCase(), payload: { op: GatewayOpcodes.Dispatch, t: t as GatewayDispatchEvents, s: source.sequence, d } };
}

interface ShapeInput {
  readonly guildId: string;
  readonly id: () => string;
  readonly timestamp: string;
  readonly user: APIUser;
}

function shapeOf(t: GatewayDispatchEvents, { guildId, id, timestamp, user }: ShapeInput): Record<string, unknown> {
  switch (t) {
    case GatewayDispatchEvents.MessageCreate:
      return {
        id: id(),
        channel_id: id(),
        guild_id: guildId,
        author: user,
        member: { roles: [], joined_at: timestamp, deaf: false, mute: false, flags: noMemberFlags },
        content: "hello from bd events emit",
        timestamp,
        edited_timestamp: null,
        tts: false,
        mention_everyone: false,
        mentions: [],
        mention_roles: [],
        attachments: [],
        embeds: [],
        pinned: false,
        type: MessageType.Default,
      } satisfies GatewayMessageCreateDispatchData;
    case GatewayDispatchEvents.GuildMemberAdd:
      return { guild_id: guildId, user, roles: [], joined_at: timestamp, deaf: false, mute: false, flags: noMemberFlags } satisfies GatewayGuildMemberAddDispatchData;
    case GatewayDispatchEvents.InteractionCreate:
      return {
        id: id(),
        application_id: id(),
        type: InteractionType.ApplicationCommand,
        guild_id: guildId,
        channel_id: id(),
        member: { user, roles: [], joined_at: timestamp, deaf: false, mute: false, flags: noMemberFlags, permissions: "0" },
        token: "interaction-token-placeholder",
        version: 1,
        locale: Locale.EnglishUS,
        guild_locale: Locale.EnglishUS,
        app_permissions: "0",
        entitlements: [],
        authorizing_integration_owners: {},
        attachment_size_limit: 8388608,
        data: { id: id(), name: "check-eligibility", type: ApplicationCommandType.ChatInput, guild_id: guildId },
      } satisfies Omit<APIChatInputApplicationCommandGuildInteraction, "channel" | "guild" | "context">;
    case GatewayDispatchEvents.GuildCreate:
    case GatewayDispatchEvents.GuildUpdate:
      // A guild event names its guild by its own id, not guild_id: the router must read d.id.
      return {
        id: guildId,
        name: "Sandbox Test Guild",
        icon: null,
        owner_id: user.id,
        afk_channel_id: null,
        afk_timeout: 300,
        verification_level: 0,
        default_message_notifications: 0,
        explicit_content_filter: 0,
        roles: [],
        emojis: [],
        features: [],
        mfa_level: 0,
        system_channel_id: null,
        premium_tier: 0,
        preferred_locale: Locale.EnglishUS,
        member_count: 1,
        joined_at: timestamp,
        large: false,
        unavailable: false,
        members: [],
        channels: [],
      } satisfies Partial<APIGuild> & Record<string, unknown>;
    case GatewayDispatchEvents.GuildDelete:
      return { id: guildId, unavailable: false };
    default:
      return { guild_id: guildId };
  }
}

/** `--data '{"content":"hi"}'`: a JSON object merged over the dispatch's `d`. */
export function parseEventData(raw: string | undefined): Record<string, unknown> {
  if (raw === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new SandboxError(ErrorCode.InvalidArgument, `--data is not valid JSON: ${quote(raw)}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new SandboxError(ErrorCode.InvalidArgument, "--data must be a JSON object, merged over the event's d");
  }
  return value as Record<string, unknown>;
}
