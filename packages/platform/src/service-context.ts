/** What the sandbox operations share; built once per process by `createPlatform`. */
import type { Config } from "@bd/core";
import type { AuditLog } from "./audit-log.js";
import type { Backends } from "./backends.js";
import type { CredentialVault } from "./credential-vault.js";
import type { GuildStore } from "./guild-store.js";
import type { Provisioner } from "./provisioners/provisioner.js";
import type { SandboxStore } from "./sandbox-store.js";

export interface ServiceContext {
  readonly config: Config;
  readonly store: SandboxStore;
  readonly guilds: GuildStore;
  readonly audit: AuditLog;
  readonly provisioners: readonly Provisioner[];
  readonly vault: CredentialVault;
  /** The shared servers' admin clients (for probes and fixtures, not for sandbox resources). */
  readonly backends: Backends;
  /** Applies pending control-plane migrations once per process. */
  ready(): Promise<void>;
  readonly newId: () => string;
  readonly randomBytes: (size: number) => Uint8Array;
  /**
   * Called after each named step of create and destroy ("create:recorded", "create:postgres",
   * "destroy:destroying", …). A no-op except under the test-only fault switch, which kills the
   * process there to prove that the reaper finishes any interrupted work.
   */
  readonly checkpoint: (step: string) => void;
}

/** One finished step of a create or destroy, for the progress line. */
export interface StepEvent {
  readonly sandbox: string;
  readonly step: string;
  readonly ok: boolean;
  readonly ms: number;
  readonly detail: string;
}

export type OnStep = (event: StepEvent) => void;

/** Reports each step and passes the finished ones to the fault checkpoint as `<phase>:<step>`. */
export function checkpointed(ctx: ServiceContext, phase: "create" | "destroy", onStep: OnStep): OnStep {
  return (event) => {
    onStep(event);
    if (event.ok) ctx.checkpoint(`${phase}:${event.step}`);
  };
}
