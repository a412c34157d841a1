/**
 * Plan in the core, apply in the shell: a sandbox becomes the list of resources it needs,
 * one per backend, and each provisioner applies only its own entry.
 */
import { resourceNames, type ResourceNames } from "./naming.js";

export const backendKinds = ["postgres", "redis", "rabbitmq", "nats"] as const;
export type BackendKind = (typeof backendKinds)[number];

/** Whether a backend's server refuses a sandbox's credentials outside its namespace, or only names separate it. */
export type Isolation = "enforced" | "namespace";
export type IsolationMap = Readonly<Partial<Record<BackendKind, Isolation>>>;

export const backendLabels: Readonly<Record<BackendKind, string>> = Object.freeze({
  postgres: "PostgreSQL",
  redis: "Redis",
  rabbitmq: "RabbitMQ",
  nats: "NATS",
});

export interface PostgresResource {
  readonly kind: "postgres";
  readonly schema: string;
}
export interface RedisResource {
  readonly kind: "redis";
  readonly prefix: string;
  readonly keyPattern: string;
  readonly markerKey: string;
}
export interface RabbitmqResource {
  readonly kind: "rabbitmq";
  readonly exchange: string;
  readonly queue: string;
  readonly bindingKey: string;
}
export interface NatsResource {
  readonly kind: "nats";
  readonly stream: string;
  readonly subjects: string;
  readonly maxAgeSeconds: number;
  readonly maxBytes: number;
  readonly maxMessages: number;
}
export type Resource = PostgresResource | RedisResource | RabbitmqResource | NatsResource;
export type ResourceOf<K extends BackendKind> = Extract<Resource, { kind: K }>;

/** What a provisioner needs to know about the sandbox it works for. */
export interface SandboxIdentity {
  readonly id: string;
  readonly name: string;
  readonly ttlSeconds: number;
}

export interface ResourcePlan {
  readonly sandbox: SandboxIdentity;
  readonly names: ResourceNames;
  readonly resources: readonly Resource[];
}

// A stream keeps at most this much, so a chatty test cannot fill the shared server.
const streamLimits = Object.freeze({ maxBytes: 64 * 1024 * 1024, maxMessages: 100_000 });

export function planResources(sandbox: SandboxIdentity): ResourcePlan {
  const names = resourceNames(sandbox.id);
  return Object.freeze({
    sandbox,
    names,
    resources: Object.freeze([
      { kind: "postgres", schema: names.pgSchema },
      { kind: "redis", prefix: names.redisPrefix, keyPattern: names.redisKeyPattern, markerKey: names.redisMarkerKey },
      { kind: "rabbitmq", exchange: names.amqpExchange, queue: names.amqpQueue, bindingKey: names.amqpBindingKey },
      {
        kind: "nats",
        stream: names.natsStream,
        subjects: names.natsSubjects,
        maxAgeSeconds: sandbox.ttlSeconds,
        ...streamLimits,
      },
    ] satisfies Resource[]),
  });
}

export function resourceOf<K extends BackendKind>(plan: ResourcePlan, kind: K): ResourceOf<K> {
  const found = plan.resources.find((resource) => resource.kind === kind);
  if (!found) throw new Error(`plan has no ${kind} resource`);
  return found as ResourceOf<K>;
}

/** One line naming a resource for people: "schema sandbox_…", "stream SANDBOX_…". */
export function describeResource(resource: Resource): string {
  switch (resource.kind) {
    case "postgres":
      return `schema ${resource.schema}`;
    case "redis":
      return `keys ${resource.keyPattern}`;
    case "rabbitmq":
      return `exchange ${resource.exchange}, queue ${resource.queue}`;
    case "nats":
      return `stream ${resource.stream} (${resource.subjects})`;
  }
}
