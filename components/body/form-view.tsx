import { useMemo } from "react";
import { PairsTable } from "../pairs-table.tsx";

export function FormView({ text }: { text: string }) {
  const pairs = useMemo(() => [...new URLSearchParams(text)], [text]);
  return <PairsTable pairs={pairs} empty="No form fields." label="Form fields" />;
}
