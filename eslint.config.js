import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: [".next/", "dist/", "generated/", "node_modules/", "tmp/", "next-env.d.ts"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    // The domain knows nothing of the framework or the views (STYLE habit 9).
    files: ["lib/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["next", "next/*", "react", "react-dom", "react/*"], message: "lib/ holds the domain: no framework imports." },
            { group: ["@/*"], message: "lib/ uses relative imports so server.ts, tests and scripts run it without alias config." },
          ],
        },
      ],
    },
  },
  {
    // Views talk to the server only through the API client and the shared shapes.
    files: ["components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^@/lib/(?!(schemas|body|api-client|export)\\.ts$)",
              message: "components may import only lib/schemas, lib/body, lib/export and lib/api-client (pure, browser-safe).",
            },
          ],
        },
      ],
    },
  },
);
