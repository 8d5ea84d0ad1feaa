"""Browser fixtures: a live server subprocess and Debian's Chromium driven by Playwright."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-artifacts" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """Start `tests.e2e.server` on a random port; yields its base URL."""
    directory = tmp_path_factory.mktemp("e2e")
    env = {**os.environ, "ARCHIVO_ENV": "development"}
    proc = subprocess.Popen([sys.executable, "-m", "tests.e2e.server", str(directory)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    try:
        line = proc.stdout.readline()
        if not line.startswith("PORT "):
            proc.kill()
            raise RuntimeError("server did not start: " + line + proc.stderr.read())
        yield f"http://127.0.0.1:{line.split()[1]}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        proc.stdout.close()
        proc.stderr.close()


@pytest.fixture(scope="module")
def browser():
    """Chromium (the system one, never a download); skipped cleanly when absent."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Chromium no está instalado en /usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh context per journey (no shared cookies), with a desktop viewport."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="es-MX")
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    # A 422 is the expected answer of a form with errors, not a page fault.
    page.on("console", lambda m: errors.append(m.text)
            if m.type == "error" and "status of 422" not in m.text else None)
    page.console_errors = errors
    yield page
    context.close()


def shot(page, name: str, full_page: bool = True) -> None:
    """Save a screenshot to test-artifacts/screenshots/NAME.png."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)
