import { formatDuration } from "@bd/core";

/** "in 23h 55m", "expired 5m ago". */
export function timeLeft(expiresAt: Date, now: Date): string {
  const seconds = (expiresAt.getTime() - now.getTime()) / 1000;
  return seconds > 0 ? `in ${formatDuration(seconds)}` : `expired ${formatDuration(-seconds)} ago`;
}

/** "5m ago". */
export function age(at: Date, now: Date): string {
  return `${formatDuration((now.getTime() - at.getTime()) / 1000)} ago`;
}

/** "2026-12-03 16:12 UTC". */
export function timestamp(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
