/**
 * Where a command's words go: results to stdout (human text, or one JSON document with
 * --json), progress and errors to stderr, so `eval "$(bd sandbox connect x)"` and `| jq` work.
 */
import { backendLabels, type BackendKind, type SandboxError } from "@bd/core";
import type { StepEvent } from "@bd/platform";

export interface Output {
  readonly json: boolean;
  /** True when stderr is a terminal: progress lines and confirmation prompts are for people. */
  readonly interactive: boolean;
  result(human: string, json: unknown): void;
  progress(event: StepEvent): void;
  note(line: string): void;
  error(error: SandboxError): void;
}

export interface OutputStreams {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

export function createOutput(streams: OutputStreams, json: boolean): Output {
  const interactive = streams.stderr.isTTY === true;
  const stepLabel = (step: string) => backendLabels[step as BackendKind] ?? step;
  return {
    json,
    interactive,
    result(human, data) {
      streams.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : human.endsWith("\n") ? human : `${human}\n`);
    },
    progress(event) {
      if (json || !interactive) return;
      const mark = event.ok ? "✓" : "✗";
      const ms = `${Math.round(event.ms)} ms`.padStart(7);
      streams.stderr.write(`  ${mark} ${stepLabel(event.step).padEnd(13)} ${ms}  ${event.detail}\n`);
    },
    note(line) {
      if (!json && interactive) streams.stderr.write(`${line}\n`);
    },
    error(error) {
      if (json) streams.stdout.write(`${JSON.stringify({ error: { code: error.code, message: error.message } }, null, 2)}\n`);
      else streams.stderr.write(`bd: error ${error.code}: ${error.message}\n`);
    },
  };
}
