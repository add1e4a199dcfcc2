export type JsonToken = { kind: "key" | "string" | "number" | "literal" | "punct" | "break"; text: string };

/**
 * Re-indents JSON text token by token, without parsing values: numbers keep every digit
 * (no float rounding of big ids), keys keep their order and duplicates. The caller has
 * already checked that the text is valid JSON.
 */
export function formatJson(text: string, indent = "  "): JsonToken[] {
  const out: JsonToken[] = [];
  let depth = 0;
  let i = 0;
  const newline = () => out.push({ kind: "break", text: "\n" + indent.repeat(depth) });
  const nextSignificant = (from: number) => {
    let j = from;
    while (j < text.length && /\s/.test(text[j]!)) j++;
    return j;
  };

  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      const token = text.slice(i, j + 1);
      out.push({ kind: text[nextSignificant(j + 1)] === ":" ? "key" : "string", text: token });
      i = j + 1;
    } else if (c === "{" || c === "[") {
      const close = c === "{" ? "}" : "]";
      const next = nextSignificant(i + 1);
      if (text[next] === close) {
        out.push({ kind: "punct", text: c + close });
        i = next + 1;
      } else {
        out.push({ kind: "punct", text: c });
        depth++;
        newline();
        i++;
      }
    } else if (c === "}" || c === "]") {
      depth--;
      newline();
      out.push({ kind: "punct", text: c });
      i++;
    } else if (c === ",") {
      out.push({ kind: "punct", text: "," });
      newline();
      i++;
    } else if (c === ":") {
      out.push({ kind: "punct", text: ": " });
      i++;
    } else {
      let j = i;
      while (j < text.length && !/[\s,{}[\]:]/.test(text[j]!)) j++;
      const token = text.slice(i, j);
      out.push({ kind: /^-?\d/.test(token) ? "number" : "literal", text: token });
      i = j;
    }
  }
  return out;
}
