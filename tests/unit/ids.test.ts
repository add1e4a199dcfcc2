import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { unicodeString } from "./arbitraries.ts";
import { createRequestIdFactory, isWellFormedBinId, isWellFormedRequestId, newBinId, newOwnerToken } from "../../lib/ids.ts";

const SPEC_BIN_ID = /^[A-Za-z0-9_-]{8,64}$/;
const CROCKFORD = /^[0-9A-HJKMNP-TV-Z]{26}$/;

function expectStrictlyIncreasing(ids: string[]): void {
  for (let i = 1; i < ids.length; i++) {
    if (!(ids[i - 1]! < ids[i]!)) throw new Error(`ids[${i - 1}]=${ids[i - 1]} is not below ids[${i}]=${ids[i]}`);
  }
}

describe("newBinId", () => {
  test("is 22 base62 characters and matches SPEC's bin id pattern", () => {
    for (let i = 0; i < 1000; i++) {
      const id = newBinId();
      expect(id).toMatch(/^[0-9A-Za-z]{22}$/);
      expect(id).toMatch(SPEC_BIN_ID);
      expect(isWellFormedBinId(id)).toBe(true);
    }
  });

  test("10,000 ids are all different", () => {
    const ids = new Set(Array.from({ length: 10_000 }, newBinId));
    expect(ids.size).toBe(10_000);
  });

  test("uses the whole base62 alphabet", () => {
    const seen = new Set(Array.from({ length: 500 }, newBinId).join(""));
    expect(seen.size).toBe(62);
  });
});

describe("isWellFormedBinId", () => {
  test("accepts every string of 8 to 64 URL-safe characters", () => {
    fc.assert(fc.property(fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/), (id) => isWellFormedBinId(id)));
  });

  test("rejects strings that are too short or too long", () => {
    const urlSafe = fc.constantFrom(..."abcXYZ019_-");
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: urlSafe, maxLength: 7 }), fc.string({ unit: urlSafe, minLength: 65, maxLength: 200 })),
        (id) => !isWellFormedBinId(id),
      ),
    );
  });

  test("rejects any string holding a character outside [A-Za-z0-9_-]", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9_-]{4,30}$/),
        unicodeString({ minLength: 1, maxLength: 3 }).filter((s) => /[^A-Za-z0-9_-]/.test(s)),
        fc.stringMatching(/^[A-Za-z0-9_-]{4,30}$/),
        (before, bad, after) => !isWellFormedBinId(before + bad + after),
      ),
      { numRuns: 200 },
    );
  });

  test.each(["abcdefgh", "A".repeat(64), "abc_DEF-123"])("accepts %s", (id) => {
    expect(isWellFormedBinId(id)).toBe(true);
  });

  test.each(["", "abcdefg", "A".repeat(65), "abcdefgh/", "abc.defgh", "abcd efgh", "abcdefgh\n", "%41bcdefgh", "ábcdefgh"])("rejects %j", (id) => {
    expect(isWellFormedBinId(id)).toBe(false);
  });
});

describe("newOwnerToken", () => {
  test("is 32 random bytes in base64url, different every time", () => {
    const tokens = Array.from({ length: 100 }, newOwnerToken);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, "base64url")).toHaveLength(32);
    }
    expect(new Set(tokens).size).toBe(100);
  });
});

describe("createRequestIdFactory", () => {
  test("ids are 26 Crockford base32 characters and well-formed", () => {
    const next = createRequestIdFactory();
    for (let i = 0; i < 100; i++) {
      const id = next();
      expect(id).toHaveLength(26);
      expect(id).toMatch(CROCKFORD);
      expect(isWellFormedRequestId(id)).toBe(true);
    }
  });

  test("the first 10 characters encode the millisecond timestamp", () => {
    const now = Date.UTC(2026, 10, 23, 16, 28, 58, 123);
    const id = createRequestIdFactory(() => now)();
    const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    const decoded = [...id.slice(0, 10)].reduce((t, c) => t * 32 + alphabet.indexOf(c), 0);
    expect(decoded).toBe(now);
  });

  test("successive ids from the real clock strictly increase as strings", () => {
    const next = createRequestIdFactory();
    expectStrictlyIncreasing(Array.from({ length: 10_000 }, next));
  });

  test("100,000 ids within the same millisecond strictly increase", () => {
    const next = createRequestIdFactory(() => 1_700_000_000_000);
    const ids = Array.from({ length: 100_000 }, next);
    expectStrictlyIncreasing(ids);
    expect(new Set(ids.map((id) => id.slice(0, 10))).size).toBe(1);
  });

  test("ids keep increasing when the injected clock steps back", () => {
    const times = [1000, 1000, 999, 500, 1000, 1001, 1001, 0, 2000, 1999];
    let i = 0;
    const next = createRequestIdFactory(() => times[i++]!);
    expectStrictlyIncreasing(times.map(() => next()));
  });

  test("ids strictly increase for any sequence of clock readings", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 48 - 1 }), { minLength: 1, maxLength: 200 }), (times) => {
        let i = 0;
        const next = createRequestIdFactory(() => times[i++]!);
        const ids = times.map(() => next());
        expectStrictlyIncreasing(ids);
        return ids.every(isWellFormedRequestId);
      }),
    );
  });

  test("ids from a later millisecond sort after every id of an earlier one", () => {
    let now = 5000;
    const next = createRequestIdFactory(() => now);
    const early = Array.from({ length: 1000 }, next);
    now = 5001;
    const late = next();
    expect(early.every((id) => id < late)).toBe(true);
  });

  test("separate factories do not share state", () => {
    const a = createRequestIdFactory(() => 42);
    const b = createRequestIdFactory(() => 42);
    a();
    a();
    expect(b().slice(0, 10)).toBe(a().slice(0, 10));
  });
});

describe("isWellFormedRequestId", () => {
  test("accepts any 26 characters of Crockford base32", () => {
    fc.assert(fc.property(fc.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/), (id) => isWellFormedRequestId(id)));
  });

  test.each([
    ["too short", "01ARZ3NDEKTSV4RRFFQ69G5FA"],
    ["too long", "01ARZ3NDEKTSV4RRFFQ69G5FAVV"],
    ["lower case", "01arz3ndektsv4rrffq69g5fav"],
    ["contains I", "01ARZ3NDEKTSV4RRFFQ69G5FAI"],
    ["contains L", "01ARZ3NDEKTSV4RRFFQ69G5FAL"],
    ["contains O", "01ARZ3NDEKTSV4RRFFQ69G5FAO"],
    ["contains U", "01ARZ3NDEKTSV4RRFFQ69G5FAU"],
    ["a bin id", "abcdefghijklmnopqrstuv"],
    ["empty", ""],
  ])("rejects an id that is %s", (_why, id) => {
    expect(isWellFormedRequestId(id)).toBe(false);
  });

  test("accepts a canonical ULID", () => {
    expect(isWellFormedRequestId("01ARZ3NDEKTSV4RRFFQ69G5FAV")).toBe(true);
  });
});
