/** What every command receives: configuration, output, and the platform, opened on first use. */
import type { Config } from "@bd/core";
import type { Platform } from "@bd/platform";
import type { Output } from "./output.js";

export interface CliContext {
  readonly config: Config;
  readonly out: Output;
  platform(): Promise<Platform>;
  /** Asks a yes/no question on the terminal; false unless the answer starts with y. */
  confirm(question: string): Promise<boolean>;
  now(): Date;
  /** Resolves with the signal's name at the first SIGTERM or SIGINT: how long-running commands end. */
  untilStopped(): Promise<string>;
}
