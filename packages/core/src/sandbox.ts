/** Terminology: a *sandbox* is one isolated environment: a row in the control plane plus its resources. */
import type { IsolationMap } from "./resource-plan.js";
import type { SandboxStatus } from "./sandbox-status.js";

export interface Sandbox {
  readonly id: string;
  readonly name: string;
  readonly owner: string;
  readonly status: SandboxStatus;
  readonly ttlSeconds: number;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly destroyedAt: Date | null;
  readonly lastError: string | null;
  readonly guildIds: readonly string[];
  /** Per backend, what its server enforces for this sandbox (decided at create). */
  readonly isolation: IsolationMap;
}

