/**
 * Sandbox secrets are derived, never stored: HMAC-SHA256 of a server-side secret and the
 * sandbox id. The secret is BD_SECRET when set (keep it out of the database in production),
 * else one random secret the control plane keeps in bd.settings, made on first use.
 */
import { createHash, createHmac, randomBytes } from "node:crypto";
import type { Db } from "./db.js";

export type SecretPurpose = "postgres" | "redis" | "rabbitmq" | "nats-seed";

export interface CredentialVault {
  /** A password for one backend's login of one sandbox (43 URL-safe characters). */
  password(purpose: Exclude<SecretPurpose, "nats-seed">, sandboxId: string): Promise<string>;
  /** 32 bytes for deterministic key material (the NATS user's nkey seed). */
  seed(purpose: SecretPurpose, sandboxId: string): Promise<Uint8Array>;
}

export function createCredentialVault(db: Db, configuredSecret: string | undefined): CredentialVault {
  let secret: Promise<Buffer> | undefined;
  const load = () =>
    (secret ??= (configuredSecret !== undefined ? Promise.resolve(createHash("sha256").update(configuredSecret).digest()) : storedSecret(db)).catch((error) => {
      secret = undefined;
      throw error;
    }));
  const derive = async (purpose: SecretPurpose, sandboxId: string) => createHmac("sha256", await load()).update(`${purpose}:${sandboxId}`).digest();
  return {
    password: async (purpose, sandboxId) => (await derive(purpose, sandboxId)).toString("base64url"),
    seed: async (purpose, sandboxId) => new Uint8Array(await derive(purpose, sandboxId)),
  };
}

async function storedSecret(db: Db): Promise<Buffer> {
  await db.query("INSERT INTO bd.settings (key, value) VALUES ('credential_secret', $1) ON CONFLICT (key) DO NOTHING", [randomBytes(32).toString("base64")]);
  const { rows } = await db.query<{ value: string }>("SELECT value FROM bd.settings WHERE key = 'credential_secret'");
  return Buffer.from(rows[0]!.value, "base64");
}
