/** What the sandbox operations share; built once per process by `createPlatform`. */
import type { Config } from "@bd/core";
import type { AuditLog } from "./audit-log.js";
import type { GuildStore } from "./guild-store.js";
import type { Provisioner } from "./provisioners/provisioner.js";
import type { SandboxStore } from "./sandbox-store.js";

export interface ServiceContext {
  readonly config: Config;
  readonly store: SandboxStore;
  readonly guilds: GuildStore;
  readonly audit: AuditLog;
  readonly provisioners: readonly Provisioner[];
  /** Applies pending control-plane migrations once per process. */
  ready(): Promise<void>;
  readonly clock: () => Date;
  readonly newId: () => string;
  readonly randomBytes: (size: number) => Uint8Array;
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
