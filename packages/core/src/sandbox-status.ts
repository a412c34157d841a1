/**
 * Terminology: a sandbox's *status* is where it is in its life. Only the transitions listed
 * here may happen; the store persists each one as a guarded UPDATE (… WHERE status = from),
 * so a lost race shows up as zero rows instead of a silent overwrite.
 */
export const SandboxStatus = {
  Pending: "pending",
  Creating: "creating",
  Running: "running",
  Expired: "expired",
  Destroying: "destroying",
  Destroyed: "destroyed",
} as const;
export type SandboxStatus = (typeof SandboxStatus)[keyof typeof SandboxStatus];

export const sandboxStatuses: readonly SandboxStatus[] = Object.freeze(Object.values(SandboxStatus));

// pending→destroying is beyond the PRD's picture: a process that dies between inserting the
// row and starting to create leaves a pending row, and destroy must complete from any state.
const transitions: Readonly<Record<SandboxStatus, readonly SandboxStatus[]>> = Object.freeze({
  pending: ["creating", "destroying"],
  creating: ["running", "destroying"],
  running: ["expired", "destroying"],
  expired: ["destroying"],
  destroying: ["destroyed"],
  destroyed: [],
});

export function canTransition(from: SandboxStatus, to: SandboxStatus): boolean {
  return transitions[from].includes(to);
}

/** Statuses that still hold (or may hold) resources and count against the owner's limit. */
export const liveStatuses: readonly SandboxStatus[] = Object.freeze(["pending", "creating", "running", "expired"]);

export function isLive(status: SandboxStatus): boolean {
  return liveStatuses.includes(status);
}

export function isSandboxStatus(value: string): value is SandboxStatus {
  return (sandboxStatuses as readonly string[]).includes(value);
}
