/**
 * Terminology: a *provisioner* makes, removes and inspects one backend's resource for a
 * sandbox. `ensure` and `destroy` are idempotent, so any partial state can be finished by
 * running them again; `inspect` asks the server itself, never the control plane.
 */
import type { BackendKind, Isolation, ResourcePlan, Sid } from "@bd/core";

export interface ResourceState {
  readonly kind: BackendKind;
  readonly exists: boolean;
  /** What the server reports, for people: "6 tables", "3 keys", "0 messages, 0 consumers". */
  readonly detail: string;
  /** Whether the server enforces isolation with credentials, or only the naming convention does. */
  readonly isolation: Isolation;
}

export interface EnsureResult {
  /** "enforced" when the sandbox got its own credentials in this server. */
  readonly isolation: Isolation;
  /** NATS only: the user JWT minted for the sandbox, kept in the control plane. */
  readonly natsUserJwt?: string;
}

export interface Provisioner {
  readonly kind: BackendKind;
  /**
   * Opens what the provisioner needs and changes nothing. A create whose backend fails here
   * knows that backend holds nothing of the sandbox, so its undo can leave it alone.
   */
  connect(): Promise<void>;
  ensure(plan: ResourcePlan): Promise<EnsureResult>;
  destroy(plan: ResourcePlan): Promise<void>;
  inspect(plan: ResourcePlan): Promise<ResourceState>;
  /**
   * The sids of every sandbox resource that really exists in the server, recognised by the
   * naming scheme alone: what the reaper compares with the control plane to find orphans.
   */
  inventory(): Promise<ReadonlySet<Sid>>;
}
