import fc from "fast-check";

/** Any Unicode scalar value (no lone surrogates), as a one-code-point string. */
export const codePoint = fc
  .oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0x80, max: 0xd7ff }), fc.integer({ min: 0xe000, max: 0x10ffff }))
  .map((cp) => String.fromCodePoint(cp));

/** Strings of any Unicode scalar values: every one has a UTF-8 encoding. */
export const unicodeString = (constraints: { minLength?: number; maxLength?: number } = {}) => fc.string({ unit: codePoint, ...constraints });

export const binId = fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/);
