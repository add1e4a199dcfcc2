// Every wire shape of SPEC §4–§6, defined once. Server, browser and tests import these.
import { z } from "zod";
import { CONNECTION_HEADERS, isConnectionHeader } from "./headers.ts";

const isoTime = z.iso.datetime({ precision: 3 });
export const BinId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "not a bin id");
export const RequestId = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, "not a request id");

/** An HTTP header field name (RFC 9110 token) and a value without CR, LF or NUL. */
const HeaderName = z.string().regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/, "not a valid header name");
const HeaderValue = z.string().regex(/^[^\r\n\0]*$/, "header values cannot contain CR, LF or NUL");
export const HeaderPairs = z.array(z.tuple([HeaderName, HeaderValue])).max(100);
export type HeaderPairs = z.infer<typeof HeaderPairs>;

export const BodyEncoding = z.enum(["utf8", "base64"]);

// 1xx cannot be a final answer in HTTP, and framing headers are the server's to compute.
export const CustomResponse = z.strictObject({
  status: z.number().int().min(200).max(599),
  headers: HeaderPairs.default([]).refine((pairs) => pairs.every(([name]) => !isConnectionHeader(name)), {
    message: `Connection and framing headers (${[...CONNECTION_HEADERS].join(", ")}) are set by the server`,
  }),
  body: z
    .string()
    .max(1024 * 1024)
    .default(""),
  delayMs: z.number().int().min(0).max(30_000).default(0),
});
export type CustomResponse = z.infer<typeof CustomResponse>;

const BinName = z.string().trim().max(100);
const ForwardUrl = z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).max(2048);

export const Bin = z.object({
  id: BinId,
  name: z.string(),
  captureUrl: z.string(),
  inspectUrl: z.string(),
  createdAt: isoTime,
  expiresAt: isoTime,
  requestCount: z.number().int(),
  response: CustomResponse.nullable(),
  forwardUrl: z.string().nullable(),
});
export type Bin = z.infer<typeof Bin>;

export const CreatedBin = Bin.extend({ token: z.string() });
export type CreatedBin = z.infer<typeof CreatedBin>;

export const CreateBinInput = z.strictObject({
  name: BinName.optional(),
  response: CustomResponse.nullable().optional(),
  ttlHours: z
    .number()
    .positive()
    .max(24 * 365)
    .optional(),
  forwardUrl: ForwardUrl.nullable().optional(),
});
export type CreateBinInput = z.infer<typeof CreateBinInput>;

export const UpdateBinInput = z.strictObject({
  name: BinName.optional(),
  response: CustomResponse.nullable().optional(),
  forwardUrl: ForwardUrl.nullable().optional(),
});
export type UpdateBinInput = z.infer<typeof UpdateBinInput>;

export const RequestSummary = z.object({
  id: RequestId,
  binId: BinId,
  method: z.string(),
  path: z.string(),
  query: z.string(),
  contentType: z.string(),
  bodySize: z.number().int(),
  ip: z.string(),
  receivedAt: isoTime,
});
export type RequestSummary = z.infer<typeof RequestSummary>;

export const CapturedRequest = RequestSummary.extend({
  headers: z.array(z.tuple([z.string(), z.string()])),
  body: z.string(),
  bodyEncoding: BodyEncoding,
  truncated: z.boolean(),
  httpVersion: z.string(),
});
export type CapturedRequest = z.infer<typeof CapturedRequest>;

export const ListRequestsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  before: RequestId.optional(),
  method: z
    .string()
    .regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/, "not an HTTP method")
    .transform((m) => m.toUpperCase())
    .optional(),
  q: z.string().min(1).max(200).optional(),
});
export type ListRequestsQuery = z.infer<typeof ListRequestsQuery>;

export const RequestPage = z.object({
  requests: z.array(RequestSummary),
  nextCursor: RequestId.nullable(),
});
export type RequestPage = z.infer<typeof RequestPage>;

export const ExportQuery = z.strictObject({ format: z.enum(["har", "json"]).default("json") });

export const Health = z.object({ ok: z.literal(true), db: z.enum(["sqlite", "postgresql"]), version: z.string() });
export type Health = z.infer<typeof Health>;

export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

// Realtime (SPEC §6)

export const SubscribeInput = z.strictObject({ binId: BinId, after: RequestId.optional() });
export type SubscribeInput = z.infer<typeof SubscribeInput>;
export const UnsubscribeInput = z.strictObject({ binId: BinId });

export type SubscribeAck = { ok: true; missed: RequestSummary[] } | { ok: false; error: { code: string; message: string } };

export const RequestDeletedEvent = z.object({ binId: BinId, id: RequestId });
export type RequestDeletedEvent = z.infer<typeof RequestDeletedEvent>;
export const RequestsClearedEvent = z.object({ binId: BinId });
export type RequestsClearedEvent = z.infer<typeof RequestsClearedEvent>;

export interface ClientEvents {
  subscribe: (payload: SubscribeInput, ack: (res: SubscribeAck) => void) => void;
  unsubscribe: (payload: { binId: string }) => void;
}

// Path parameters of the REST routes.
export const BinParams = z.object({ binId: BinId });
export const RequestParams = z.object({ binId: BinId, requestId: RequestId });

// Replay and forwarding (SPEC §5.4, §5.5)

export const ReplayInput = z.strictObject({
  url: z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).max(4096),
  method: z
    .string()
    .regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/, "not an HTTP method")
    .max(32)
    .optional(),
  headers: HeaderPairs.optional(),
  body: z
    .string()
    .max(16 * 1024 * 1024)
    .optional(),
  bodyEncoding: BodyEncoding.optional(),
});
export type ReplayInput = z.infer<typeof ReplayInput>;

export const Replay = z.object({
  id: RequestId,
  requestId: RequestId,
  /** "replay" when sent from the API or the inspector, "forward" when sent by the bin's forwardUrl. */
  origin: z.enum(["replay", "forward"]),
  url: z.string(),
  method: z.string(),
  status: z.number().int().nullable(),
  headers: z.array(z.tuple([z.string(), z.string()])),
  body: z.string(),
  bodyEncoding: BodyEncoding,
  /** The target's body beyond 1 MiB is not kept. */
  truncated: z.boolean(),
  durationMs: z.number().int(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdAt: isoTime,
});
export type Replay = z.infer<typeof Replay>;

export interface ServerEvents {
  "request:new": (request: RequestSummary) => void;
  "request:deleted": (event: RequestDeletedEvent) => void;
  "requests:cleared": (event: RequestsClearedEvent) => void;
  "bin:updated": (bin: Bin) => void;
  "replay:new": (replay: Replay) => void;
}
