/**
 * The composition of the I/O shell for one process: clients, store, provisioners, service.
 * Apps call this with a parsed Config; nothing here reads the environment.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { Config } from "@bd/core";
import { createAuditLog } from "./audit-log.js";
import { Backends } from "./backends.js";
import { createCredentialVault } from "./credential-vault.js";
import { createGuildStore } from "./guild-store.js";
import { createNatsOperator, type NatsOperator } from "./nats-auth/nats-operator.js";
import { migrate } from "./migrate.js";
import { createNatsProvisioner } from "./provisioners/nats.js";
import { createPostgresProvisioner } from "./provisioners/postgres.js";
import type { Provisioner } from "./provisioners/provisioner.js";
import { createRabbitmqProvisioner } from "./provisioners/rabbitmq.js";
import { createRedisProvisioner } from "./provisioners/redis.js";
import { runReaperPass, type ReapOptions, type ReapReport } from "./reaper/reaper-pass.js";
import { createRabbitmqManagement } from "./rabbitmq-management.js";
import { createSandboxService, type SandboxService } from "./sandbox-service.js";
import { createSandboxStore } from "./sandbox-store.js";
import { createSchemaTemplate } from "./schema-template.js";
import type { ServiceContext } from "./service-context.js";

export interface Platform {
  readonly service: SandboxService;
  /** Operator mode's signer, when BD_NATS_AUTH is set. */
  readonly natsOperator: NatsOperator | undefined;
  /** One reaper pass now (`bd sandbox cleanup`). */
  reap(options?: ReapOptions): Promise<ReapReport>;
  readonly context: ServiceContext;
  readonly backends: Backends;
  close(): Promise<void>;
}

export interface PlatformOptions {
  readonly applicationName?: string;
  /** Overrides for tests: e.g. ids that share a prefix. */
  readonly newId?: () => string;
  /** Test-only fault switch: SIGKILL this process right after the named step (see ServiceContext.checkpoint). */
  readonly faultAfterStep?: string | undefined;
}

export function createPlatform(config: Config, options: PlatformOptions = {}): Platform {
  const operator = config.natsAuthFile === undefined ? undefined : createNatsOperator(config.natsAuthFile);
  const backends = new Backends(config, { applicationName: options.applicationName ?? "bd", ...(operator && { natsAuthenticator: operator.adminAuthenticator }) });
  const template = createSchemaTemplate(config.schemaTemplateDir);
  const vault = createCredentialVault(backends.db, config.secret);
  const provisioners: readonly Provisioner[] = [
    createPostgresProvisioner(backends.db, template, vault),
    createRedisProvisioner(backends, vault),
    createRabbitmqProvisioner(backends, createRabbitmqManagement(config.rabbitmqManagementUrl, config.amqpUrl), vault),
    createNatsProvisioner(backends, operator && { operator, vault, db: backends.db }),
  ];
  let migrated: Promise<unknown> | undefined;
  const context: ServiceContext = {
    config,
    store: createSandboxStore(backends.db),
    guilds: createGuildStore(backends.db),
    audit: createAuditLog(backends.db),
    provisioners,
    vault,
    backends,
    ready: async () => {
      await (migrated ??= migrate(backends.db).catch((error) => {
        migrated = undefined;
        throw error;
      }));
    },
    newId: options.newId ?? randomUUID,
    randomBytes: (size) => randomBytes(size),
    checkpoint: (step) => {
      if (step === options.faultAfterStep) process.kill(process.pid, "SIGKILL");
    },
  };
  return {
    service: createSandboxService(context),
    natsOperator: operator,
    reap: (reapOptions) => runReaperPass(context, backends.db, reapOptions),
    context,
    backends,
    close: () => backends.close(),
  };
}
