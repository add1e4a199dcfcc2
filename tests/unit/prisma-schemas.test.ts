import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";

const read = (provider: string) => readFileSync(fileURLToPath(new URL(`../../prisma/${provider}/schema.prisma`, import.meta.url)), "utf8");

/** Everything after the `datasource` block, whitespace collapsed. */
function modelsOf(schema: string): string {
  const start = schema.search(/^datasource\s+\w+\s*\{/m);
  if (start === -1) throw new Error("no datasource block");
  const end = schema.indexOf("}", start);
  return schema
    .slice(end + 1)
    .replace(/\s+/g, " ")
    .trim();
}

function blocks(models: string): Map<string, string> {
  return new Map([...models.matchAll(/\b(model|enum|view|type)\s+(\w+)\s*\{[^}]*\}/g)].map((m) => [`${m[1]} ${m[2]}`, m[0]]));
}

const sqlite = read("sqlite");
const postgresql = read("postgresql");

describe("Prisma schemas", () => {
  test("the sqlite and postgresql schemas declare their own provider", () => {
    expect(sqlite).toMatch(/datasource\s+db\s*\{[^}]*provider\s*=\s*"sqlite"/);
    expect(postgresql).toMatch(/datasource\s+db\s*\{[^}]*provider\s*=\s*"postgresql"/);
  });

  test("both define the Bin and Request models", () => {
    for (const schema of [sqlite, postgresql]) {
      expect([...blocks(modelsOf(schema)).keys()]).toEqual(expect.arrayContaining(["model Bin", "model Request"]));
    }
  });

  test("each model of one schema is the same in the other", () => {
    const a = blocks(modelsOf(sqlite));
    const b = blocks(modelsOf(postgresql));
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [name, block] of a) expect(b.get(name), name).toBe(block);
  });

  test("everything after the datasource block is identical, whitespace aside", () => {
    expect(modelsOf(postgresql)).toBe(modelsOf(sqlite));
  });

  test("the comparison notices a drifted field, attribute or index", () => {
    const drifts = [
      sqlite.replace("bodySize    Int", "bodySize    BigInt"),
      sqlite.replace("@@index([binId, id])", "@@index([binId])"),
      sqlite.replace("onDelete: Cascade", "onDelete: SetNull"),
      sqlite.replace("forwardUrl String?", "forwardUrl String"),
      `${sqlite}\nmodel Extra {\n  id String @id\n}\n`,
    ];
    for (const drifted of drifts) {
      expect(drifted).not.toBe(sqlite);
      expect(modelsOf(drifted)).not.toBe(modelsOf(postgresql));
    }
  });

  test("the comparison ignores indentation and blank lines", () => {
    const reformatted = sqlite.replace(/ +/g, "\t").replace(/\n/g, "\n\n");
    expect(modelsOf(reformatted)).toBe(modelsOf(postgresql));
  });
});
