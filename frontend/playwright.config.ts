/** End-to-end tests in Debian's Chromium (never a downloaded browser) against a real API that
 * the run starts itself: gunicorn on a free port, SQLite in a temporary instance directory, the
 * failure simulation on, serving the built UI (run `npm run build` first; `make test` does). */
import { defineConfig } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => done(typeof address === "object" && address ? address.port : 0));
    });
  });
}

// Workers load this file again: the port and directory chosen first travel in the environment.
process.env.E2E_PORT ??= String(await freePort());
process.env.E2E_INSTANCE_DIR ??= mkdtempSync(join(tmpdir(), "rootline-e2e-"));
const port = process.env.E2E_PORT;
const baseURL = `http://127.0.0.1:${port}`;
const venv = process.env.VENV ?? join(root, ".venv");

export default defineConfig({
  testDir: "e2e",
  outputDir: "e2e-artifacts/test-results",
  timeout: 150_000,
  expect: { timeout: 20_000 },
  retries: 0,
  workers: 1,
  reporter: [["list"]],
  globalTeardown: "./e2e/teardown.ts",
  use: {
    baseURL,
    viewport: { width: 1280, height: 800 },
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command:
      `${venv}/bin/flask --app incident_app db upgrade && ` +
      `exec ${venv}/bin/gunicorn --bind 127.0.0.1:${port} --workers 1 --threads 8 --no-control-socket wsgi:app`,
    cwd: root,
    url: `${baseURL}/health`,
    timeout: 90_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      ROOTLINE_ENV: "development",
      ROOTLINE_INSTANCE_DIR: process.env.E2E_INSTANCE_DIR,
      SIMULATION_ENABLED: "true",
      SIMULATION_ANALYSIS_DELAY_SECONDS: "3",
      WEB_UI_DIR: join(here, "dist"),
      ACCESS_LOG: "false",
      REDIS_URL: "",
      DATABASE_URL: "",
    },
  },
});
