// Pure helpers shared by the server and the browser: no Node-only APIs here.

export type BodyEncoding = "utf8" | "base64";

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The bytes as UTF-8 text when they are valid UTF-8, else base64 (SPEC §4). */
export function encodeBody(bytes: Uint8Array): { body: string; bodyEncoding: BodyEncoding } {
  try {
    return { body: strictUtf8.decode(bytes), bodyEncoding: "utf8" };
  } catch {
    return { body: bytesToBase64(bytes), bodyEncoding: "base64" };
  }
}

export function decodeBody(body: string, encoding: BodyEncoding): Uint8Array {
  return encoding === "utf8" ? new TextEncoder().encode(body) : base64ToBytes(body);
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** `type/subtype` in lower case, without parameters; "" when absent. */
export function mediaType(contentType: string): string {
  return contentType.split(";", 1)[0]!.trim().toLowerCase();
}

/** application/json, text/json and any `+json` suffix type. */
export function isJsonType(contentType: string): boolean {
  const type = mediaType(contentType);
  return type === "application/json" || type === "text/json" || type.endsWith("+json");
}

/** The first value of a header, by case-insensitive name, from ordered pairs. */
export function headerValue(headers: ReadonlyArray<readonly [string, string]>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return headers.find(([n]) => n.toLowerCase() === wanted)?.[1];
}

/** 1234 → "1.2 KB"; bytes below 1 KB stay exact. Rounds before picking the unit (1048575 → "1.0 MB"). */
export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  const units = ["KB", "MB", "GB"];
  let value = size / 1024;
  let unit = 0;
  const rounded = (v: number) => Number(v.toFixed(v < 10 ? 1 : 0));
  while (rounded(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = rounded(value);
  return `${shown.toFixed(shown < 10 ? 1 : 0)} ${units[unit]}`;
}
