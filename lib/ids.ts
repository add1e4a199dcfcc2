import { randomBytes, randomInt } from "node:crypto";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BIN_ID_LENGTH = 22; // 22 × log2(62) ≈ 131 bits
const BIN_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/** A new bin id: 22 base62 characters from the CSPRNG. The id is the read capability. */
export function newBinId(): string {
  let id = "";
  for (let i = 0; i < BIN_ID_LENGTH; i++) id += BASE62[randomInt(62)];
  return id;
}

/** Ids outside SPEC's shape are rejected before any lookup. */
export function isWellFormedBinId(id: string): boolean {
  return BIN_ID_PATTERN.test(id);
}

/** An owner token: 32 random bytes, base64url. Only its hash is stored. */
export function newOwnerToken(): string {
  return randomBytes(32).toString("base64url");
}

// Crockford base32 keeps ULIDs sortable as plain strings in any collation.
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const REQUEST_ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export function isWellFormedRequestId(id: string): boolean {
  return REQUEST_ID_PATTERN.test(id);
}

/**
 * A monotonic ULID factory: 48-bit milliseconds then 80 random bits, where ids made in the
 * same millisecond (or after the clock stepped back) increment the previous one, so ids
 * sort in the order they were made.
 */
export function createRequestIdFactory(now: () => number = Date.now): () => string {
  let lastTime = -1;
  let lastRandom: number[] = [];

  return function newRequestId(): string {
    const time = now();
    if (time > lastTime) {
      lastTime = time;
      lastRandom = Array.from(randomBytes(16), (b) => b & 31);
    } else {
      increment(lastRandom);
    }
    let timePart = "";
    let t = lastTime;
    for (let i = 0; i < 10; i++) {
      timePart = CROCKFORD[t % 32] + timePart;
      t = Math.floor(t / 32);
    }
    return timePart + lastRandom.map((d) => CROCKFORD[d]).join("");
  };
}

function increment(digits: number[]): void {
  for (let i = digits.length - 1; i >= 0; i--) {
    if (digits[i]! < 31) {
      digits[i]!++;
      return;
    }
    digits[i] = 0;
  }
  throw new Error("request id overflow within one millisecond");
}
