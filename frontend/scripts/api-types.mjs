// Generates src/app/api/schema.d.ts from the API's OpenAPI document, or (`check`) fails when the
// committed file differs from what the API publishes now. The document comes from the Flask app
// itself (its test client, no server needed), so it is exactly what /api/openapi.json serves.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");
const target = resolve(here, "..", "src", "app", "api", "schema.d.ts");
const python = process.env.PYTHON ?? resolve(root, ".venv", "bin", "python");
const dump = [
  "import sys",
  "from config import TestingConfig",
  "from incident_app import create_app",
  "sys.stdout.write(create_app(TestingConfig).test_client().get('/api/openapi.json').get_data(as_text=True))",
].join("\n");

const document = JSON.parse(
  execFileSync(python, ["-c", dump], { cwd: root, encoding: "utf8", maxBuffer: 64 << 20 }),
);
const header =
  "// Generated from the API's OpenAPI document by scripts/api-types.mjs: do not edit.\n" +
  "// Regenerate with `npm run api:types` after changing the API.\n\n";
const generated = header + astToString(await openapiTS(document, { defaultNonNullable: false }));

if (process.argv[2] === "check") {
  let committed = "";
  try {
    committed = readFileSync(target, "utf8");
  } catch {
    // a missing file is drift like any other
  }
  if (committed !== generated) {
    console.error(
      "src/app/api/schema.d.ts is out of date with the API's OpenAPI document: run `npm run api:types`.",
    );
    process.exit(1);
  }
  console.log("API types match the OpenAPI document.");
} else {
  writeFileSync(target, generated);
  console.log(`wrote ${target}`);
}
