/**
 * The folder of `.sql` files every new sandbox schema is made from: the shipped Arrakis-like
 * tenant tables, or SANDBOX_SCHEMA_TEMPLATE. Files are read once per process, in name order.
 */
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { ErrorCode, SandboxError } from "@bd/core";

export const defaultTemplateDir = fileURLToPath(new URL("../../../templates/arrakis/", import.meta.url));

export interface TemplateFile {
  readonly name: string;
  readonly sql: string;
}

export interface SchemaTemplate {
  readonly dir: string;
  files(): Promise<readonly TemplateFile[]>;
}

export function createSchemaTemplate(dir: string = defaultTemplateDir): SchemaTemplate {
  let loaded: Promise<readonly TemplateFile[]> | undefined;
  return {
    dir,
    files: () => (loaded ??= loadTemplate(dir)),
  };
}

async function loadTemplate(dir: string): Promise<readonly TemplateFile[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith(".sql")).sort();
  } catch (cause) {
    throw new SandboxError(ErrorCode.InvalidConfig, `schema template folder ${dir} cannot be read (SANDBOX_SCHEMA_TEMPLATE)`, { cause });
  }
  if (names.length === 0) {
    throw new SandboxError(ErrorCode.InvalidConfig, `schema template folder ${dir} holds no .sql files (SANDBOX_SCHEMA_TEMPLATE)`);
  }
  return Promise.all(names.map(async (name) => ({ name, sql: await readFile(`${dir.replace(/\/$/, "")}/${name}`, "utf8") })));
}
