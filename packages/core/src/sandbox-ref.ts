/**
 * A sandbox is addressed on the command line by name, full id (with or without dashes), or an
 * unambiguous prefix of 8+ hex digits of its id. Parsing is pure; the store resolves the result.
 */
import { ErrorCode, SandboxError } from "./errors.js";
import { idOfSid, isUuid, quote } from "./naming.js";

export type SandboxRef =
  | { readonly kind: "id"; readonly id: string }
  | { readonly kind: "name-or-prefix"; readonly name: string | undefined; readonly sidPrefix: string | undefined };

const namePattern = /^[a-z0-9][a-z0-9-]{1,62}$/;
const prefixPattern = /^[0-9a-f]{8,32}$/;

export function parseSandboxRef(raw: string): SandboxRef {
  const value = raw.trim();
  const hex = value.toLowerCase();
  if (isUuid(hex)) return { kind: "id", id: hex };
  if (/^[0-9a-f]{32}$/.test(hex)) return { kind: "id", id: idOfSid(hex) };
  const dashless = hex.replaceAll("-", "");
  const name = namePattern.test(value) ? value : undefined;
  const sidPrefix = /^[0-9a-f-]+$/.test(hex) && prefixPattern.test(dashless) ? dashless : undefined;
  if (name === undefined && sidPrefix === undefined) {
    throw new SandboxError(
      ErrorCode.InvalidRef,
      `${quote(raw)} is not a sandbox name, id, or id prefix of 8+ hex digits`,
    );
  }
  return { kind: "name-or-prefix", name, sidPrefix };
}
