/**
 * TTLs are written `30m`, `24h`, `7d`, or a bare number of hours. Bounds come from the
 * configuration (default 1h to 7d) so operators can allow shorter or longer lives.
 */
import { ErrorCode, SandboxError } from "./errors.js";
import { quote } from "./naming.js";

const unitSeconds = { m: 60, h: 3600, d: 86400 } as const;
const ttlPattern = /^([0-9]{1,6})([mhd]?)$/;

export interface TtlBounds {
  readonly minSeconds: number;
  readonly maxSeconds: number;
}

/** Parses a TTL into seconds, or throws INVALID_TTL naming the allowed range. */
export function parseTtl(raw: string, bounds: TtlBounds): number {
  const match = ttlPattern.exec(raw.trim());
  if (!match) {
    throw new SandboxError(ErrorCode.InvalidTtl, `invalid TTL ${quote(raw)}: use 30m, 24h, 7d or a number of hours`);
  }
  const unit = (match[2] || "h") as keyof typeof unitSeconds;
  const seconds = Number(match[1]) * unitSeconds[unit];
  if (seconds < bounds.minSeconds || seconds > bounds.maxSeconds) {
    throw new SandboxError(
      ErrorCode.InvalidTtl,
      `TTL ${quote(raw)} is out of range: it must be between ${formatDuration(bounds.minSeconds)} and ${formatDuration(bounds.maxSeconds)}`,
    );
  }
  return seconds;
}

/** A short human duration: 45s, 12m, 3h 20m, 2d 4h. Negative durations read as 0s. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return joinParts(Math.floor(s / 3600), "h", Math.floor((s % 3600) / 60), "m");
  return joinParts(Math.floor(s / 86400), "d", Math.floor((s % 86400) / 3600), "h");
}

function joinParts(major: number, majorUnit: string, minor: number, minorUnit: string): string {
  return minor === 0 ? `${major}${majorUnit}` : `${major}${majorUnit} ${minor}${minorUnit}`;
}
