// The adapter between Next's route handlers and lib/: parse, call, map errors. Web-standard
// Request/Response only, so nothing here depends on Next.
import type { z } from "zod";
import { AppError, binNotFound, requestNotFound, toErrorBody, validationFailed } from "./errors.ts";
import { runtime } from "./runtime.ts";

type Shape = z.ZodType;
type Schemas = { params?: Shape; query?: Shape; body?: Shape };
type Parsed<S extends Schemas> = {
  params: S["params"] extends Shape ? z.infer<S["params"]> : Record<string, never>;
  query: S["query"] extends Shape ? z.infer<S["query"]> : Record<string, never>;
  body: S["body"] extends Shape ? z.infer<S["body"]> : undefined;
  request: Request;
};
type Context = { params: Promise<Record<string, string | string[]>> };

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", ...headers },
  });
}

function errorResponse(err: unknown): Response {
  const { status, body } = toErrorBody(err, (e) => runtime().log.error({ err: e }, "unhandled error in API route"));
  return json(body, status);
}

function parse<T extends Shape>(schema: T, value: unknown, where: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationFailed(result.error.issues.map((i) => ({ in: where, path: i.path.join("."), message: i.message })));
  return result.data;
}

/** A malformed id in the path names nothing: 404, as for an unknown one (SPEC §2). */
function parseParams<T extends Shape>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw result.error.issues.some((i) => i.path[0] === "binId") ? binNotFound() : requestNotFound();
}

async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError(400, "invalid_json", "The request body is not valid JSON.");
  }
}

/** Wraps a handler: params, query and JSON body parsed with zod (unknown fields rejected). */
export function route<S extends Schemas>(schemas: S, handler: (input: Parsed<S>) => Promise<Response>) {
  return async (request: Request, context: Context): Promise<Response> => {
    try {
      const params = schemas.params ? parseParams(schemas.params, await context.params) : {};
      const query = schemas.query ? parse(schemas.query, Object.fromEntries(new URL(request.url).searchParams), "query") : {};
      const body = schemas.body ? parse(schemas.body, await readJson(request), "body") : undefined;
      return await handler({ params, query, body, request } as Parsed<S>);
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/** The token of `Authorization: Bearer <token>`, or null. */
export function bearerToken(request: Request): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  return match ? match[1]! : null;
}

/** PUBLIC_URL, else the origin the client used (X-Forwarded-* only behind a trusted proxy). */
export function baseUrl(headers: Pick<Headers, "get">): string {
  const { config } = runtime();
  if (config.publicUrl) return config.publicUrl;
  const forwarded = (name: string) => (config.trustProxy ? headers.get(name)?.split(",")[0]?.trim() : undefined);
  const host = forwarded("x-forwarded-host") || headers.get("host") || `localhost:${config.port}`;
  return `${forwarded("x-forwarded-proto") === "https" ? "https" : "http"}://${host}`;
}
