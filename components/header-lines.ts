// Header pairs ↔ the "Name: value" lines users edit in a textarea.

export function toHeaderLines(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs.map(([name, value]) => `${name}: ${value}`).join("\n");
}

/** Parses one header per non-empty line; the error names the first line that is not `Name: value`. */
export function parseHeaderLines(text: string): { pairs: [string, string][] } | { error: string } {
  const pairs: [string, string][] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "") continue;
    const colon = line.indexOf(":");
    const name = colon > 0 ? line.slice(0, colon).trim() : "";
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) return { error: `Line ${i + 1} is not "Name: value".` };
    pairs.push([name, line.slice(colon + 1).trim()]);
  }
  return { pairs };
}
