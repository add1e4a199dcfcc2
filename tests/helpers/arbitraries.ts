// fast-check arbitraries for the parts of an HTTP/1.1 request that a capture must keep as sent.
import fc from "fast-check";
import { METHODS } from "node:http";
import type { HeaderList, RawRequest } from "./raw-http.ts";

const ALPHA = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const DIGIT = "0123456789";
const HEXDIG = "0123456789ABCDEFabcdef";
/** RFC 9110 tchar. */
const TCHAR = `!#$%&'*+-.^_\`|~${DIGIT}${ALPHA}`;
/** RFC 3986 pchar without pct-encoded: unreserved, sub-delims, ":" and "@". */
const PCHAR = `${ALPHA}${DIGIT}-._~!$&'()*+,;=:@`;
/** RFC 9110 VCHAR. */
const VCHAR = Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i)).join("");

const chars = (set: string) => fc.constantFrom(...set);

/** Methods with their own semantics on the wire (no body back, tunnels, loop-back). */
const SPECIAL_METHODS = new Set(["HEAD", "CONNECT", "TRACE"]);
/** Header fields that frame the message or the connection: the raw sender sets them itself. */
const FRAMING_HEADERS = new Set([
  "host",
  "content-length",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "proxy-connection",
  "te",
  "trailer",
  "upgrade",
  "expect",
  "http2-settings",
]);

export const tokenArb = (maxLength = 16) => fc.string({ unit: chars(TCHAR), minLength: 1, maxLength });

/** `name` with the case of each letter flipped where `mask` has a 1 bit. */
function mixCase(name: string, mask: number): string {
  return [...name].map((c, i) => ((mask >>> (i % 31)) & 1 ? (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) : c)).join("");
}

export const mixedCaseArb = (name: string) => fc.nat().map((mask) => mixCase(name, mask));

export const WELL_KNOWN_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "PROPFIND"];

/** Every method node's HTTP parser accepts (any other token is answered 400 by node itself), but HEAD, CONNECT and TRACE. */
export const NODE_PARSABLE_METHODS = [...new Set([...WELL_KNOWN_METHODS, ...METHODS])].filter((m) => !SPECIAL_METHODS.has(m));

/** Node-parsable methods, the well-known ones more often. */
export const parsableMethodArb = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...WELL_KNOWN_METHODS) },
  { weight: 1, arbitrary: fc.constantFrom(...NODE_PARSABLE_METHODS) },
);

/** Any RFC 9110 token, case as generated ("get" and "GET" are different methods). */
export const tokenMethodArb = tokenArb(12).filter((m) => !SPECIAL_METHODS.has(m.toUpperCase()));

/** Any method a sender may use: mostly the usual ones, sometimes an arbitrary token. */
export const methodArb = fc.oneof({ weight: 3, arbitrary: parsableMethodArb }, { weight: 1, arbitrary: tokenMethodArb });

const pctEncodedArb = fc.tuple(chars(HEXDIG), chars(HEXDIG)).map(([a, b]) => `%${a}${b}`);
const charsWithPercentArb = (set: string, maxLength: number) =>
  fc.array(fc.oneof({ weight: 5, arbitrary: chars(set) }, { weight: 1, arbitrary: pctEncodedArb }), { maxLength }).map((parts) => parts.join(""));

/** What follows the bin id in the path: "" or `/seg/seg…`, segments possibly empty, with `%XX`. */
export const subPathArb = fc.array(charsWithPercentArb(PCHAR, 12), { maxLength: 5 }).map((segments) => segments.map((s) => `/${s}`).join(""));

/** A raw query (without "?"): any query character, `%XX`, `+`, `=`, `&`, possibly empty. */
export const rawQueryArb = fc.oneof(
  charsWithPercentArb(`${PCHAR}/?`, 40),
  fc
    .array(fc.tuple(charsWithPercentArb(`${ALPHA}${DIGIT}-._~+`, 8), fc.option(charsWithPercentArb(`${ALPHA}${DIGIT}-._~+=`, 8))), { maxLength: 5 })
    .map((pairs) => pairs.map(([k, v]) => (v === null ? k : `${k}=${v}`)).join("&")),
);

/** A header field name: random tokens and common names (so duplicates happen), in mixed case. */
export const headerNameArb = fc
  .tuple(
    fc.oneof(
      tokenArb(20),
      fc.constantFrom("X-Dup", "Accept", "User-Agent", "Content-Type", "Authorization", "Cookie", "X-Hub-Signature-256", "Stripe-Signature"),
    ),
    fc.nat(),
  )
  .map(([name, mask]) => mixCase(name, mask))
  .filter((name) => !FRAMING_HEADERS.has(name.toLowerCase()));

/** A field value: visible ASCII with spaces and tabs inside, never at the ends (HTTP strips those). */
export const headerValueArb = fc
  .string({ unit: fc.oneof({ weight: 10, arbitrary: chars(VCHAR) }, { weight: 1, arbitrary: chars(" \t") }), maxLength: 60 })
  .map((v) => v.replace(/^[ \t]+|[ \t]+$/g, ""));

export const headersArb: fc.Arbitrary<HeaderList> = fc.array(fc.tuple(headerNameArb, headerValueArb), { maxLength: 16 });

/** Body bytes: empty, random bytes (mostly invalid UTF-8), or UTF-8 text; up to 4 KiB. */
export const bodyArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.constant(new Uint8Array()),
  fc.uint8Array({ maxLength: 4096 }),
  fc.string({ unit: "binary", maxLength: 1024 }).map((s) => new TextEncoder().encode(s)),
  fc.json({ maxDepth: 3 }).map((s) => new TextEncoder().encode(s)),
);

/** A request to a capture URL, apart from the bin id and the framing headers the sender adds. */
export interface CaptureCase {
  method: string;
  subPath: string;
  /** Undefined: no "?" at all. */
  query: string | undefined;
  headers: HeaderList;
  body: Uint8Array;
  framing: { hostName: string; lengthName: string; closeName: string; hostAt: number; lengthAt: number; closeAt: number; sendLength: boolean };
}

const framingArb = fc.record({
  hostName: mixedCaseArb("Host"),
  lengthName: mixedCaseArb("Content-Length"),
  closeName: mixedCaseArb("Connection"),
  hostAt: fc.nat(),
  lengthAt: fc.nat(),
  closeAt: fc.nat(),
  sendLength: fc.boolean(),
});

export const captureCaseArb = (method: fc.Arbitrary<string> = methodArb): fc.Arbitrary<CaptureCase> =>
  fc.record({ method, subPath: subPathArb, query: fc.option(rawQueryArb, { nil: undefined }), headers: headersArb, body: bodyArb, framing: framingArb });

function insertAt<T>(list: T[], at: number, item: T): T[] {
  const i = at % (list.length + 1);
  return [...list.slice(0, i), item, ...list.slice(i)];
}

/**
 * The wire request for a case: its headers with Host, Content-Length (always when there is
 * a body) and `Connection: close` placed where the case says, in the case's letter case.
 */
export function toRawRequest(c: CaptureCase, baseUrl: string, binId: string): RawRequest {
  const { framing } = c;
  let headers = insertAt(c.headers, framing.hostAt, [framing.hostName, new URL(baseUrl).host] as [string, string]);
  if (c.body.length > 0 || framing.sendLength) headers = insertAt(headers, framing.lengthAt, [framing.lengthName, String(c.body.length)]);
  headers = insertAt(headers, framing.closeAt, [framing.closeName, "close"]);
  const target = `/h/${binId}${c.subPath}${c.query === undefined ? "" : `?${c.query}`}`;
  return { method: c.method, target, headers, body: c.body };
}
