/** The responder's path through Rootline in a real browser: register, inject the pool-exhaustion
 * scenario, watch the incident arrive on the board without a reload, read the root cause and its
 * evidence, add a note, resolve and see the MTTR; then the other screens at desktop and phone
 * width, and the degraded banner when the API stops answering. Screenshots: e2e-artifacts/. */
import { expect, test, type Page } from "@playwright/test";

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `e2e-artifacts/${name}.png`, fullPage: true });

// One story in order: the first test registers the admin the others sign in as.
test.describe.configure({ mode: "serial" });

test("a failure becomes a live incident with a root cause, and is resolved", async ({ page, context }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
  await page.getByRole("tab", { name: "Create account" }).click();
  await page.getByLabel("Username").fill("ada");
  await page.getByLabel("Email").fill("ada@example.com");
  await page.getByLabel("Password").fill("correct-horse-battery");
  await shot(page, "01-register");
  await page.getByRole("button", { name: "Create account" }).last().click();

  await expect(page.getByRole("heading", { name: "Incidents" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Live" })).toBeVisible();
  await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
  await shot(page, "02-board-empty");

  // Inject from the simulation panel in a second tab; the board in the first one stays as it is.
  const admin = await context.newPage();
  await admin.goto("/simulation");
  await admin.getByRole("button", { name: "Inject pool-exhaustion" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "Incident opened" })).toBeVisible();
  await shot(admin, "03-simulation");
  await admin.close();

  const row = page.getByRole("row", { name: /payment-processing/ });
  await expect(row).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
  await shot(page, "04-board-live");

  await row.getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("payment-processing");
  const top = page.getByRole("list", { name: "Ranked hypotheses" }).getByRole("listitem").first();
  await expect(top.getByRole("heading", { level: 3 })).toContainText(
    /Connection pool exhaustion in payment-processing/i,
    { timeout: 60_000 },
  );
  await expect(top.getByRole("img", { name: /of payment-processing/ }).first()).toBeVisible();
  await expect(page.getByRole("list", { name: "Timeline events" })).toContainText("Root cause:");
  await shot(page, "05-incident-root-cause");

  await page.getByLabel("Add a note").fill("Pool at 45/50: raising max connections");
  await page.getByRole("button", { name: "Add note" }).click();
  await expect(page.getByRole("list", { name: "Timeline events" })).toContainText(
    "Pool at 45/50: raising max connections",
  );

  await page.getByRole("button", { name: "Acknowledge" }).click();
  await expect(page.locator(".detail-meta .badge").nth(1)).toHaveText("investigating");
  await page.getByRole("button", { name: "Resolve…" }).click();
  await expect(page.getByRole("textbox", { name: "Root cause" })).toHaveValue(/pool exhaustion/i);
  await page.getByLabel("Resolution").fill("Raised the pool to 100 and killed the slow queries");
  await page.getByRole("button", { name: "Resolve incident" }).click();
  await expect(page.locator(".detail-meta .badge").nth(1)).toHaveText("resolved");
  const impact = page.getByRole("region", { name: "Impact" });
  await expect(impact.getByText("MTTR")).toBeVisible();
  await expect(impact.getByTestId("mttr")).toHaveText(/^\d+(m \d+)?s$/);
  await expect(page.getByRole("note").filter({ hasText: "timeline is locked" })).toBeVisible();
  await expect(page.getByLabel("Add a note")).toHaveCount(0);
  await shot(page, "06-incident-resolved");

  const token = await page.evaluate(() => JSON.parse(localStorage.getItem("rootline.tokens") ?? "{}").access_token);
  const slo = await page.request.post("/api/slos", {
    headers: { Authorization: `Bearer ${token}` },
    data: { name: "payments-availability", service: "payment-processing", sli: { type: "availability" }, target: 99.9 },
  });
  expect(slo.status()).toBe(201);
  await page.getByRole("link", { name: "SLOs" }).click();
  await expect(page.getByRole("heading", { name: "Service level objectives" })).toBeVisible();
  await shot(page, "07-slos");
  await page.getByRole("link", { name: "payments-availability" }).click();
  await expect(page.getByRole("heading", { name: "payments-availability" })).toBeVisible();
  // No Prometheus in this run: the SLO screen says so instead of inventing numbers.
  await expect(page.getByRole("alert").filter({ hasText: "PROMETHEUS_URL" })).toBeVisible();
  await shot(page, "08-slo-detail");
  await page.getByRole("link", { name: "Services" }).click();
  await expect(page.getByRole("cell", { name: /^payment-processing/ })).toBeVisible();
  await shot(page, "09-services");

  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole("link", { name: "Incidents" }).click();
  await expect(page.getByRole("link", { name: /payment-processing/ })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await shot(page, "10-board-phone");
  await page.getByRole("link", { name: /payment-processing/ }).click();
  await expect(page.getByRole("list", { name: "Ranked hypotheses" })).toBeVisible();
  await shot(page, "11-incident-phone");

  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole("link", { name: "Simulation" }).click();
  await page.getByRole("button", { name: "Recover all" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Recovered" })).toBeVisible();
});

test("keyboard users can sign in and reach every screen", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Username or email").fill("ada");
  await page.getByLabel("Password").fill("correct-horse-battery");
  await page.getByLabel("Password").press("Enter");
  await expect(page.getByRole("heading", { name: "Incidents" })).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  for (const name of ["SLOs", "Services", "Simulation", "Incidents"]) {
    const link = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name });
    await link.focus();
    await page.keyboard.press("Enter");
    await expect(link).toHaveClass(/active/);
  }
});

test("a failing API shows the degraded banner and the last good data", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Username or email").fill("ada");
  await page.getByLabel("Password").fill("correct-horse-battery");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("link", { name: /payment-processing/ })).toBeVisible();
  await page.getByRole("link", { name: "Services" }).click();
  await expect(page.getByRole("cell", { name: /^payment-processing/ })).toBeVisible();

  await page.route("**/api/**", (route) => route.abort("connectionrefused"));
  await page.getByRole("link", { name: "Incidents" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "not answering" })).toBeVisible();
  await expect(page.getByRole("link", { name: /payment-processing/ })).toBeVisible();
  await shot(page, "12-degraded");

  await page.unroute("**/api/**");
  await page.waitForTimeout(5_500); // the breaker's cooldown
  await page.getByRole("link", { name: "Services" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "not answering" })).toHaveCount(0, { timeout: 30_000 });
});
