import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { unicodeString } from "./arbitraries.ts";
import { base64ToBytes, bytesToBase64, decodeBody, encodeBody, formatBytes, headerValue, isJsonType, mediaType } from "../../lib/body.ts";

const bytes = (...values: number[]) => Uint8Array.from(values);
const isValidUtf8 = (b: Uint8Array) => Buffer.from(Buffer.from(b).toString("utf8"), "utf8").equals(b);

describe("encodeBody / decodeBody", () => {
  test("decodeBody(encodeBody(bytes)) gives back exactly the bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (input) => {
        const { body, bodyEncoding } = encodeBody(input);
        expect(decodeBody(body, bodyEncoding)).toEqual(input);
      }),
      { numRuns: 500 },
    );
  });

  test("the UTF-8 bytes of any string are utf8 with the same text", () => {
    fc.assert(
      fc.property(unicodeString({ maxLength: 200 }), (text) => {
        expect(encodeBody(new TextEncoder().encode(text))).toEqual({ body: text, bodyEncoding: "utf8" });
      }),
      { numRuns: 300 },
    );
  });

  test("bytes that are not valid UTF-8 are base64 of the same bytes", () => {
    const invalidSequence = fc.constantFrom(
      bytes(0xff),
      bytes(0xfe),
      bytes(0x80),
      bytes(0xc0, 0x80),
      bytes(0xc3),
      bytes(0xe2, 0x82),
      bytes(0xed, 0xa0, 0x80),
      bytes(0xf4, 0x90, 0x80, 0x80),
      bytes(0xf8, 0x88, 0x80, 0x80, 0x80),
    );
    fc.assert(
      fc.property(fc.string({ unit: "binary-ascii" }), invalidSequence, fc.string({ unit: "binary-ascii" }), (before, bad, after) => {
        const input = new Uint8Array([...new TextEncoder().encode(before), ...bad, ...new TextEncoder().encode(after)]);
        expect(encodeBody(input)).toEqual({ body: Buffer.from(input).toString("base64"), bodyEncoding: "base64" });
      }),
    );
  });

  test("random bytes are utf8 exactly when they are valid UTF-8", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (input) => {
        expect(encodeBody(input).bodyEncoding).toBe(isValidUtf8(input) ? "utf8" : "base64");
      }),
      { numRuns: 1000 },
    );
  });

  test("a leading byte order mark is kept in the text", () => {
    const { body, bodyEncoding } = encodeBody(bytes(0xef, 0xbb, 0xbf, 0x68, 0x69));
    expect(bodyEncoding).toBe("utf8");
    expect(body).toBe("\uFEFFhi");
    expect(decodeBody(body, bodyEncoding)).toEqual(bytes(0xef, 0xbb, 0xbf, 0x68, 0x69));
  });

  test("the empty body is the empty utf8 string", () => {
    expect(encodeBody(new Uint8Array())).toEqual({ body: "", bodyEncoding: "utf8" });
    expect(decodeBody("", "utf8")).toEqual(new Uint8Array());
    expect(decodeBody("", "base64")).toEqual(new Uint8Array());
  });

  test("NUL and control bytes are valid UTF-8 and stay text", () => {
    expect(encodeBody(bytes(0x00, 0x01, 0x0a, 0x7f))).toEqual({ body: "\0\u0001\n\u007f", bodyEncoding: "utf8" });
  });
});

describe("bytesToBase64 / base64ToBytes", () => {
  test("agree with Buffer's base64 on random bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (input) => {
        const b64 = bytesToBase64(input);
        expect(b64).toBe(Buffer.from(input).toString("base64"));
        expect(base64ToBytes(b64)).toEqual(input);
      }),
      { numRuns: 300 },
    );
  });

  test.each([0x8000 - 1, 0x8000, 0x8000 + 1, 3 * 0x8000 + 17, 256 * 1024])("agree with Buffer on %i random bytes (chunk edges)", (size) => {
    const input = new Uint8Array(size);
    for (let i = 0; i < size; i++) input[i] = (i * 2654435761) >>> 24;
    const b64 = bytesToBase64(input);
    expect(b64).toBe(Buffer.from(input).toString("base64"));
    expect(Buffer.from(base64ToBytes(b64)).equals(Buffer.from(input))).toBe(true);
  });

  test("agree with Buffer on random payloads larger than 32 KiB", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32 * 1024 + 1, maxLength: 100 * 1024 }), (input) => {
        expect(bytesToBase64(input)).toBe(Buffer.from(input).toString("base64"));
      }),
      { numRuns: 10 },
    );
  });

  test("bytesToBase64 honours a subarray's offset", () => {
    const whole = bytes(1, 2, 3, 4, 5, 6);
    expect(bytesToBase64(whole.subarray(2, 5))).toBe(Buffer.from([3, 4, 5]).toString("base64"));
  });
});

describe("mediaType", () => {
  test.each([
    ["application/json", "application/json"],
    ["Application/JSON; charset=UTF-8", "application/json"],
    ["  text/plain ;charset=utf-8", "text/plain"],
    ['multipart/form-data; boundary="a;b"', "multipart/form-data"],
    ["", ""],
  ])("%j → %j", (input, expected) => {
    expect(mediaType(input)).toBe(expected);
  });
});

describe("isJsonType", () => {
  test.each([
    "application/json",
    "application/json; charset=utf-8",
    "APPLICATION/JSON",
    "text/json",
    "application/vnd.api+json; charset=utf-8",
    "application/problem+json",
    "application/ld+json",
  ])("%s is JSON", (type) => {
    expect(isJsonType(type)).toBe(true);
  });

  test.each(["text/plain", "application/xml", "application/x-www-form-urlencoded", "", "application/jsonp", "application/json-seq"])(
    "%j is not JSON",
    (type) => {
      expect(isJsonType(type)).toBe(false);
    },
  );
});

describe("headerValue", () => {
  const headers: [string, string][] = [
    ["Host", "example.com"],
    ["X-Dup", "first"],
    ["Content-Type", "application/json"],
    ["x-dup", "second"],
  ];

  test("finds a header whatever the case of the name asked or stored", () => {
    expect(headerValue(headers, "content-type")).toBe("application/json");
    expect(headerValue(headers, "CONTENT-TYPE")).toBe("application/json");
    expect(headerValue(headers, "hOsT")).toBe("example.com");
  });

  test("returns the first of duplicate headers", () => {
    expect(headerValue(headers, "X-DUP")).toBe("first");
  });

  test("undefined when absent, '' kept when present but empty", () => {
    expect(headerValue(headers, "authorization")).toBeUndefined();
    expect(headerValue([["X-Empty", ""]], "x-empty")).toBe("");
    expect(headerValue([], "host")).toBeUndefined();
  });
});

describe("formatBytes", () => {
  test.each([
    [0, "0 B"],
    [1, "1 B"],
    [1023, "1023 B"],
    [1024, "1.0 KB"],
    [1234, "1.2 KB"],
    [10 * 1024, "10 KB"],
    [512 * 1024, "512 KB"],
    [1024 * 1024, "1.0 MB"],
    [10 * 1024 * 1024, "10 MB"],
    [1024 ** 3, "1.0 GB"],
    [5 * 1024 ** 4, "5120 GB"],
  ])("%i → %s", (size, expected) => {
    expect(formatBytes(size)).toBe(expected);
  });
});
