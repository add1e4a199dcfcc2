// This browser's bins: owner tokens (which make it the owner) and the recent-bins list.
// Kept in localStorage; tokens never leave the browser except as Authorization headers.

export interface StoredBin {
  id: string;
  name: string;
  token?: string;
  visitedAt: string;
}

const KEY = "hookbin:bins";
const LIMIT = 30;

export function readStoredBins(): StoredBin[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? "[]");
    return Array.isArray(parsed) ? (parsed as StoredBin[]).filter((b) => typeof b?.id === "string") : [];
  } catch {
    return [];
  }
}

function write(bins: StoredBin[]): void {
  localStorage.setItem(KEY, JSON.stringify(bins.slice(0, LIMIT)));
}

/** Records a visit (and the token, when this browser created the bin), newest first. */
export function rememberBin(bin: { id: string; name: string; token?: string }): void {
  const bins = readStoredBins();
  const previous = bins.find((b) => b.id === bin.id);
  const token = bin.token ?? previous?.token;
  const entry: StoredBin = { id: bin.id, name: bin.name, visitedAt: new Date().toISOString(), ...(token ? { token } : {}) };
  write([entry, ...bins.filter((b) => b.id !== bin.id)]);
}

export function forgetBin(id: string): void {
  write(readStoredBins().filter((b) => b.id !== id));
}

export function ownerToken(id: string): string | null {
  return readStoredBins().find((b) => b.id === id)?.token ?? null;
}

const targetKey = (binId: string) => `hookbin:replay-target:${binId}`;

/** The URL this browser last replayed a request of this bin to. */
export function lastReplayTarget(binId: string): string | null {
  return localStorage.getItem(targetKey(binId));
}

export function rememberReplayTarget(binId: string, url: string): void {
  localStorage.setItem(targetKey(binId), url);
}
