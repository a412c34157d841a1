import assert from "node:assert/strict";
import { test } from "node:test";
import { formatDuration, parseSandboxRef, parseTtl } from "@bd/core";

const bounds = { minSeconds: 3600, maxSeconds: 7 * 86400 };

test("TTLs in minutes, hours, days or bare hours", () => {
  const cases: [string, number][] = [["60m", 3600], ["24h", 86400], ["48h", 172800], ["7d", 604800], ["2", 7200], [" 3h ", 10800]];
  for (const [raw, seconds] of cases) assert.equal(parseTtl(raw, bounds), seconds, raw);
});

test("bad TTLs are refused with the allowed range", () => {
  for (const raw of ["0", "-5h", "999d", "abc", "", "1.5h", "30m", "8d", "24 h", "1e3"]) {
    assert.throws(() => parseTtl(raw, bounds), { code: "INVALID_TTL" }, raw);
  }
  assert.throws(() => parseTtl("999d", bounds), /between 1h and 7d/);
});

test("durations read well", () => {
  assert.deepEqual([0, 59, 60, 3599, 3600, 5400, 86400, 90000, -5].map(formatDuration), ["0s", "59s", "1m", "59m", "1h", "1h 30m", "1d", "1d 1h", "0s"]);
});

test("a sandbox is addressed by name, id, or an id prefix of 8+ hex digits", () => {
  const id = "0f8fad5b-d9cb-469f-a165-70867728950e";
  assert.deepEqual(parseSandboxRef(id), { kind: "id", id });
  assert.deepEqual(parseSandboxRef(id.toUpperCase()), { kind: "id", id });
  assert.deepEqual(parseSandboxRef(id.replaceAll("-", "")), { kind: "id", id });
  assert.deepEqual(parseSandboxRef("my-sandbox"), { kind: "name-or-prefix", name: "my-sandbox", sidPrefix: undefined });
  assert.deepEqual(parseSandboxRef("0f8fad5b"), { kind: "name-or-prefix", name: "0f8fad5b", sidPrefix: "0f8fad5b" });
  assert.deepEqual(parseSandboxRef("0f8fad5b-d9cb"), { kind: "name-or-prefix", name: "0f8fad5b-d9cb", sidPrefix: "0f8fad5bd9cb" });
  assert.deepEqual(parseSandboxRef("0F8FAD5BD9"), { kind: "name-or-prefix", name: undefined, sidPrefix: "0f8fad5bd9" });
  for (const bad of ["", "a", "Bad Name", "x'; DROP TABLE bd.sandboxes; --"]) {
    assert.throws(() => parseSandboxRef(bad), { code: "INVALID_REF" }, bad);
  }
});
