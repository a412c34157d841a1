import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultSandboxName, idOfSid, resourceNames, resourcePatterns, sidOf, slugOwner, validateGuildId, validateName, validateOwner } from "@bd/core";

const id = "0f8fad5b-d9cb-469f-a165-70867728950e";

test("every resource name derives from the sid", () => {
  const names = resourceNames(id);
  assert.deepEqual(names, {
    sid: "0f8fad5bd9cb469fa16570867728950e",
    pgSchema: "sandbox_0f8fad5bd9cb469fa16570867728950e",
    redisPrefix: "sandbox:0f8fad5bd9cb469fa16570867728950e:",
    redisKeyPattern: "sandbox:0f8fad5bd9cb469fa16570867728950e:*",
    redisMarkerKey: "sandbox:0f8fad5bd9cb469fa16570867728950e:bd:sandbox",
    natsPrefix: "sandbox.0f8fad5bd9cb469fa16570867728950e.",
    natsSubjects: "sandbox.0f8fad5bd9cb469fa16570867728950e.>",
    natsStream: "SANDBOX_0f8fad5bd9cb469fa16570867728950e",
    amqpExchange: "sandbox.0f8fad5bd9cb469fa16570867728950e.events",
    amqpQueue: "sandbox.0f8fad5bd9cb469fa16570867728950e.worker",
    amqpBindingKey: "#",
    principal: "sandbox_0f8fad5bd9cb469fa16570867728950e",
    amqpPermission: "^sandbox\\.0f8fad5bd9cb469fa16570867728950e\\.",
    natsInboxPrefix: "_INBOX.0f8fad5bd9cb469fa16570867728950e",
    redisProbeKey: "sandbox:0f8fad5bd9cb469fa16570867728950e:bd:verify",
    natsProbeSubject: "sandbox.0f8fad5bd9cb469fa16570867728950e.events.bd_verify",
  });
  assert.equal(idOfSid(names.sid), id);
  assert.equal(resourcePatterns.principal.exec(names.pgSchema)?.[1], names.sid);
  assert.equal(resourcePatterns.principal.exec(names.principal)?.[1], names.sid);
  assert.equal(resourcePatterns.redisKey.exec(names.redisMarkerKey)?.[1], names.sid);
  assert.equal(resourcePatterns.amqpName.exec(names.amqpQueue)?.[1], names.sid);
  assert.equal(resourcePatterns.natsStream.exec(names.natsStream)?.[1], names.sid);
});

test("names are refused unless they are UUIDs", () => {
  for (const bad of ["", "0F8FAD5B-D9CB-469F-A165-70867728950E", "x; DROP SCHEMA public", `${id}0`]) {
    assert.throws(() => sidOf(bad), { code: "INVALID_REF" }, bad);
  }
});

test("sandbox names follow ^[a-z0-9][a-z0-9-]{1,62}$", () => {
  for (const good of ["ab", "my-feature-test", "0abc", "a".repeat(63)]) assert.equal(validateName(good), good);
  const bad = ["", "a", "-ab", "Upper", 'a"; DROP SCHEMA public; --', "a".repeat(64), "a".repeat(200), "a_b", "a.b", "ünï"];
  for (const name of bad) assert.throws(() => validateName(name), { code: "INVALID_NAME" }, name);
});

test("error messages show a long bad value cut short, on one line", () => {
  assert.throws(() => validateName(`${"x".repeat(150)}\nsecond line`), (error: Error) => {
    assert.ok(!error.message.includes("\n"));
    assert.ok(error.message.length < 200);
    return true;
  });
});

test("guild ids are Discord snowflakes", () => {
  for (const good of ["12345678901234567", "80351110224678912", "12345678901234567890"]) assert.equal(validateGuildId(good), good);
  for (const bad of ["", "1234", "123456789012345678901", "8035111022467891a", " 80351110224678912"]) {
    assert.throws(() => validateGuildId(bad), { code: "INVALID_GUILD_ID" }, bad);
  }
});

test("owners are slugged from people's names and validated when typed", () => {
  assert.equal(slugOwner("Jane Doe"), "jane-doe");
  assert.equal(slugOwner("  Ünïcode__Dev  "), "unicode-dev");
  assert.equal(slugOwner("!!!"), "");
  assert.equal(validateOwner("alice"), "alice");
  assert.throws(() => validateOwner("Alice"), { code: "INVALID_OWNER" });
  assert.throws(() => validateOwner("a".repeat(33)), { code: "INVALID_OWNER" });
});

test("default names are sandbox-{owner}-{random6}", () => {
  const name = defaultSandboxName("alice", new Uint8Array([0, 1, 2, 25, 26, 35]));
  assert.equal(name, "sandbox-alice-abcz09");
  assert.equal(defaultSandboxName("a".repeat(32), new Uint8Array(6)).length, 47);
});
