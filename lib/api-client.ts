// A typed client for the REST API (SPEC §5), parsing every answer with the shared schemas.
// Used by the inspector in the browser and by the tests; works wherever fetch exists.
import type { z } from "zod";
import {
  Bin,
  CapturedRequest,
  CreatedBin,
  ErrorBody,
  Health,
  Replay,
  RequestPage,
  type CreateBinInput,
  type ReplayInput,
  type ListRequestsQuery,
  type UpdateBinInput,
} from "./schemas.ts";

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details?: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

type Query = Partial<Record<string, string | number | undefined>>;

export type ApiClient = ReturnType<typeof createApiClient>;

/** `baseUrl` is "" in the browser (same origin) or the server's URL elsewhere. */
export function createApiClient(baseUrl = "") {
  function url(path: string, query: Query = {}): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
    const search = params.toString();
    return `${baseUrl}/api${path}${search ? `?${search}` : ""}`;
  }

  async function send(method: string, path: string, options: { query?: Query; body?: unknown; token?: string | null } = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    if (options.body !== undefined) headers["Content-Type"] = "application/json";
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    const res = await fetch(url(path, options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    if (!res.ok) {
      const parsed = ErrorBody.safeParse(await res.json().catch(() => null));
      if (parsed.success) throw new ApiError(res.status, parsed.data.error.code, parsed.data.error.message, parsed.data.error.details);
      throw new ApiError(res.status, "http_error", `HTTP ${res.status}`);
    }
    return res;
  }

  async function read<T extends z.ZodType>(schema: T, res: Response): Promise<z.infer<T>> {
    return schema.parse(await res.json());
  }

  const binPath = (binId: string) => `/bins/${encodeURIComponent(binId)}`;
  const requestPath = (binId: string, requestId: string) => `${binPath(binId)}/requests/${encodeURIComponent(requestId)}`;

  return {
    health: async () => read(Health, await send("GET", "/health")),
    createBin: async (input: CreateBinInput = {}) => read(CreatedBin, await send("POST", "/bins", { body: input })),
    getBin: async (binId: string) => read(Bin, await send("GET", binPath(binId))),
    updateBin: async (binId: string, input: UpdateBinInput, token: string | null) => read(Bin, await send("PATCH", binPath(binId), { body: input, token })),
    deleteBin: async (binId: string, token: string | null) => {
      await send("DELETE", binPath(binId), { token });
    },
    listRequests: async (binId: string, query: Partial<ListRequestsQuery> = {}) =>
      read(RequestPage, await send("GET", `${binPath(binId)}/requests`, { query })),
    getRequest: async (binId: string, requestId: string) => read(CapturedRequest, await send("GET", requestPath(binId, requestId))),
    rawBody: async (binId: string, requestId: string) => send("GET", `${requestPath(binId, requestId)}/raw`),
    deleteRequest: async (binId: string, requestId: string, token: string | null) => {
      await send("DELETE", requestPath(binId, requestId), { token });
    },
    clearRequests: async (binId: string, token: string | null) => {
      await send("DELETE", `${binPath(binId)}/requests`, { token });
    },
    replay: async (binId: string, requestId: string, input: ReplayInput, token: string | null) =>
      read(Replay, await send("POST", `${requestPath(binId, requestId)}/replay`, { body: input, token })),
    listReplays: async (binId: string, requestId: string) => read(Replay.array(), await send("GET", `${requestPath(binId, requestId)}/replays`)),
    exportUrl: (binId: string, format: "har" | "json") => url(`${binPath(binId)}/export`, { format }),
    rawUrl: (binId: string, requestId: string) => url(`${requestPath(binId, requestId)}/raw`),
  };
}
