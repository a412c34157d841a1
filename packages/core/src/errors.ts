/**
 * Every failure bd reports carries one stable code. The code decides the CLI's exit
 * status and the API's HTTP status; the message is one human line and never holds a secret.
 */
export const ErrorCode = {
  InvalidArgument: "INVALID_ARGUMENT",
  InvalidName: "INVALID_NAME",
  InvalidOwner: "INVALID_OWNER",
  InvalidTtl: "INVALID_TTL",
  InvalidGuildId: "INVALID_GUILD_ID",
  InvalidRef: "INVALID_REF",
  InvalidConfig: "INVALID_CONFIG",
  AmbiguousRef: "AMBIGUOUS_REF",
  NameTaken: "NAME_TAKEN",
  ConfirmationRequired: "CONFIRMATION_REQUIRED",
  InvalidState: "INVALID_STATE",
  GuildTaken: "GUILD_TAKEN",
  GuildNotHeld: "GUILD_NOT_HELD",
  NoFreeGuild: "NO_FREE_GUILD",
  NotFound: "SANDBOX_NOT_FOUND",
  QuotaExceeded: "QUOTA_EXCEEDED",
  BackendUnavailable: "BACKEND_UNAVAILABLE",
  ProvisionFailed: "PROVISION_FAILED",
  IsolationUnavailable: "ISOLATION_UNAVAILABLE",
  IsolationBroken: "ISOLATION_BROKEN",
  Conflict: "CONFLICT",
  Internal: "INTERNAL",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Exit statuses of the CLI, as the architecture contract fixes them. */
export const ExitCode = { Ok: 0, Failure: 1, BadInput: 2, NotFound: 3 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

interface ErrorSpec {
  readonly exit: ExitCode;
  readonly http: number;
  readonly meaning: string;
}

/** The one table from code to exit status, HTTP status and documentation. */
export const errorSpecs: Readonly<Record<ErrorCode, ErrorSpec>> = Object.freeze({
  INVALID_ARGUMENT: { exit: 2, http: 400, meaning: "a flag or argument is missing or malformed" },
  INVALID_NAME: { exit: 2, http: 400, meaning: "a sandbox name breaks ^[a-z0-9][a-z0-9-]{1,62}$" },
  INVALID_OWNER: { exit: 2, http: 400, meaning: "an owner breaks ^[a-z0-9][a-z0-9-]{0,31}$" },
  INVALID_TTL: { exit: 2, http: 400, meaning: "a TTL is malformed or outside the allowed range" },
  INVALID_GUILD_ID: { exit: 2, http: 400, meaning: "a guild id is not a Discord snowflake (17-20 digits)" },
  INVALID_REF: { exit: 2, http: 400, meaning: "not a sandbox name, id, or id prefix of 8+ hex digits" },
  INVALID_CONFIG: { exit: 2, http: 500, meaning: "an environment variable holds an unusable value" },
  AMBIGUOUS_REF: { exit: 2, http: 409, meaning: "an id prefix matches more than one sandbox" },
  NAME_TAKEN: { exit: 2, http: 409, meaning: "a live sandbox already has that name" },
  CONFIRMATION_REQUIRED: { exit: 2, http: 400, meaning: "a destructive bulk action needs --yes without a terminal" },
  INVALID_STATE: { exit: 2, http: 409, meaning: "the sandbox's status does not allow the action" },
  GUILD_TAKEN: { exit: 2, http: 409, meaning: "a guild is held by another live sandbox (or leased from the pool)" },
  GUILD_NOT_HELD: { exit: 2, http: 409, meaning: "a guild is not registered to that sandbox, or not in the pool" },
  NO_FREE_GUILD: { exit: 1, http: 409, meaning: "--guild auto found no free guild in the pool (bd guilds add)" },
  SANDBOX_NOT_FOUND: { exit: 3, http: 404, meaning: "no sandbox matches the name or id" },
  QUOTA_EXCEEDED: { exit: 1, http: 429, meaning: "the owner already has SANDBOX_MAX_PER_DEVELOPER live sandboxes" },
  BACKEND_UNAVAILABLE: { exit: 1, http: 503, meaning: "a server (PostgreSQL, Redis, RabbitMQ, NATS) did not answer" },
  ISOLATION_UNAVAILABLE: { exit: 1, http: 503, meaning: "SANDBOX_REQUIRE_ISOLATION is set and a backend can only separate sandboxes by name" },
  ISOLATION_BROKEN: { exit: 1, http: 500, meaning: "bd sandbox verify saw a foreign access succeed or an own access fail" },
  PROVISION_FAILED: { exit: 1, http: 500, meaning: "a server refused to create or remove a sandbox resource" },
  CONFLICT: { exit: 1, http: 409, meaning: "another process changed the sandbox at the same time" },
  INTERNAL: { exit: 1, http: 500, meaning: "an unexpected failure; the message says where" },
});

/** The one error class bd throws on purpose. `cause` keeps the underlying error for logs. */
export class SandboxError extends Error {
  override readonly name = "SandboxError";
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  get exitCode(): ExitCode {
    return errorSpecs[this.code].exit;
  }

  get httpStatus(): number {
    return errorSpecs[this.code].http;
  }
}

export function isSandboxError(value: unknown): value is SandboxError {
  return value instanceof SandboxError;
}

/** Any thrown value as a SandboxError: ours pass through, anything else becomes INTERNAL. */
export function asSandboxError(error: unknown): SandboxError {
  if (error instanceof SandboxError) return error;
  return new SandboxError(ErrorCode.Internal, error instanceof Error ? error.message : String(error), { cause: error });
}
