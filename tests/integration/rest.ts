// Plain fetch calls to the REST API, for what the typed client hides: status codes, headers,
// malformed input, error bodies.
import { expect } from "vitest";
import { ErrorBody } from "../../lib/schemas.ts";

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body; undefined when it is empty or not JSON. */
  json: unknown;
}

export interface CallOptions {
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is, with Content-Type application/json. */
  rawBody?: string;
  token?: string;
}

export async function call(baseUrl: string, method: string, path: string, options: CallOptions = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = {};
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** An error answer of SPEC §4: the status, JSON, `{ error: { code, message, details? } }`. */
export function expectError(res: ApiResponse, status: number, code?: string): void {
  expect({ status: res.status, body: res.json }).toMatchObject({ status, body: { error: code === undefined ? {} : { code } } });
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  const parsed = ErrorBody.parse(res.json);
  expect(parsed.error.code).toMatch(/^[a-z]+(_[a-z]+)*$/);
  expect(parsed.error.message.length).toBeGreaterThan(0);
}
