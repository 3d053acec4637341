"""Swagger UI and ReDoc render with every request off this machine blocked, and Swagger's
Authorize (OAuth2 password flow on /auth/login) works and survives a reload."""

from collections.abc import AsyncIterator
from urllib.parse import urlsplit

import httpx
import pytest

from tests.factories import DEFAULT_PASSWORD


@pytest.fixture
async def offline_page(browser, live_server: str) -> AsyncIterator:
    """A page that can reach only the live server; `page.external` lists what tried to leave
    and `page.problems` the script errors and Content-Security-Policy refusals."""
    context = await browser.new_context()
    external: list[str] = []
    problems: list[str] = []

    async def gate(route) -> None:
        if _origin(route.request.url) == live_server:
            await route.continue_()
        else:
            external.append(route.request.url)
            await route.abort("internetdisconnected")

    await context.route("**/*", gate)
    page = await context.new_page()
    page.on("console", lambda message: _note_policy_violation(message.text, problems))
    page.on("pageerror", lambda error: problems.append(f"pageerror: {error}"))
    page.external = external
    page.problems = problems
    page.set_default_timeout(30_000)
    yield page
    await context.close()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _note_policy_violation(text: str, problems: list[str]) -> None:
    if "Content Security Policy" in text:
        problems.append(text)


def _operation(page, method: str, path: str):
    return page.locator(f'.opblock-{method.lower()}:has(.opblock-summary-path[data-path="{path}"])')


async def test_swagger_ui_renders_the_operations_offline(offline_page, live_server, expect):
    await offline_page.goto(f"{live_server}/docs")

    await expect(_operation(offline_page, "GET", "/chamados/")).to_be_visible()
    await expect(_operation(offline_page, "POST", "/chamados/")).to_be_visible()
    await expect(offline_page.locator(".btn.authorize")).to_be_visible()
    assert offline_page.external == []
    assert offline_page.problems == []


async def test_swagger_authorize_logs_in_and_persists_across_reload(
    offline_page, live_server, expect
):
    async with httpx.AsyncClient(base_url=live_server) as http:
        response = await http.post(
            "/auth/signup",
            json={
                "username": "swagger",
                "email": "swagger@empresa.com.br",
                "password": DEFAULT_PASSWORD,
            },
        )
    assert response.status_code == 200, response.text
    page = offline_page
    await page.goto(f"{live_server}/docs")

    await page.locator(".btn.authorize").click()
    await page.locator("#oauth_username").fill("swagger")
    await page.locator("#oauth_password").fill(DEFAULT_PASSWORD)
    await page.locator(".auth-btn-wrapper .btn.modal-btn.authorize").click()
    await expect(page.locator(".auth-btn-wrapper button", has_text="Logout")).to_be_visible()
    await page.locator(".btn-done").click()

    await page.reload()  # persistAuthorization: the token survives the reload
    operation = _operation(page, "GET", "/chamados/")
    await operation.locator(".opblock-summary").click()
    await operation.locator(".try-out__btn").click()
    async with page.expect_request(lambda request: "/chamados/" in request.url) as sent:
        await operation.locator(".execute").click()
    request = await sent.value
    assert (await request.header_value("authorization") or "").startswith("Bearer ")
    status = operation.locator(".live-responses-table tbody .response-col_status").first
    await expect(status).to_have_text("200")
    assert page.external == []
    assert page.problems == []


async def test_redoc_renders_offline(offline_page, live_server, expect):
    async with httpx.AsyncClient(base_url=live_server) as http:
        title = (await http.get("/openapi.json")).json()["info"]["title"]
    await offline_page.goto(f"{live_server}/redoc")

    await expect(offline_page.locator("h1", has_text=title)).to_be_visible()
    await expect(offline_page.get_by_role("menuitem").first).to_be_visible()
    # ReDoc's footer logo lives on a CDN: the page's policy refuses it before it leaves.
    assert offline_page.external == []
    assert [problem for problem in offline_page.problems if problem.startswith("pageerror")] == []
