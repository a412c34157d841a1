import { backendLabels, ErrorCode, redactUrl, SandboxError, type BackendKind } from "@bd/core";

// Error codes that mean "the server did not answer", as opposed to "the server said no".
const unreachableCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE"]);

export function isUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && unreachableCodes.has(code)) return true;
  if (error instanceof AggregateError) return error.errors.some(isUnreachable);
  return /connection terminated|timeout expired|connect timeout|connection is closed|closed connection|CONNECTION_REFUSED/i.test(error.message);
}

/** "RabbitMQ is unreachable at amqp://guest:***@127.0.0.1:1 (ECONNREFUSED)": the one line a user needs. */
export function unreachable(kind: BackendKind, url: string, cause: unknown): SandboxError {
  return new SandboxError(
    ErrorCode.BackendUnavailable,
    `${backendLabels[kind]} is unreachable at ${redactUrl(url)} (${reasonOf(cause)})`,
    { cause },
  );
}

/** Wraps a failure of a backend operation; connection failures become BACKEND_UNAVAILABLE. */
export function backendFailure(kind: BackendKind, url: string, action: string, cause: unknown): SandboxError {
  if (cause instanceof SandboxError) return cause;
  if (isUnreachable(cause)) return unreachable(kind, url, cause);
  return new SandboxError(ErrorCode.ProvisionFailed, `${backendLabels[kind]} failed to ${action}: ${reasonOf(cause)}`, { cause });
}

function reasonOf(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const code = (cause as { code?: unknown }).code;
  const nested = cause instanceof AggregateError ? cause.errors.find((e) => e instanceof Error) : undefined;
  const message = (nested instanceof Error ? nested.message : cause.message) || cause.name;
  const oneLine = message.split("\n")[0] ?? message;
  return typeof code === "string" && !oneLine.includes(code) ? `${code}: ${oneLine}` : oneLine;
}
