import { useMemo } from "react";
import { formatJson, type JsonToken } from "./json-format.ts";

const colors: Record<JsonToken["kind"], string> = {
  key: "text-indigo-700 dark:text-indigo-300",
  string: "text-emerald-700 dark:text-emerald-300",
  number: "text-amber-700 dark:text-amber-300",
  literal: "text-rose-700 dark:text-rose-300",
  punct: "text-zinc-500",
  break: "",
};

export function JsonView({ text }: { text: string }) {
  const tokens = useMemo(() => formatJson(text), [text]);
  return (
    <pre className="p-3 font-mono text-xs leading-5 break-all whitespace-pre-wrap" data-testid="json-view">
      {tokens.map((token, i) => (
        <span key={i} className={colors[token.kind]}>
          {token.text}
        </span>
      ))}
    </pre>
  );
}
