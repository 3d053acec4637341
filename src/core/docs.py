"""Swagger UI (`/docs`) and ReDoc (`/redoc`) served by the service itself.

FastAPI's own pages load their scripts from a public CDN, unpinned and without integrity
hashes, so they do not render without internet access. The assets here come from the pinned
`fastapi-offline` package (swagger-ui-dist and the ReDoc standalone bundle); only its static
folder is used, the pages are FastAPI's own templates pointed at it. A Content-Security-Policy
confines each page to this origin, so nothing it does reaches another host (ReDoc's footer logo,
Swagger UI's online validator badge).
"""

import base64
import hashlib
import re
from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.staticfiles import StaticFiles
from starlette.responses import HTMLResponse

DOCS_PATH = "/docs"
REDOC_PATH = "/redoc"
ASSETS_PATH = "/docs/assets"
ASSETS_DIR = Path(fastapi_offline.__file__).parent / "static"
SWAGGER_JS = "swagger-ui-bundle.js"
SWAGGER_CSS = "swagger-ui.css"
REDOC_JS = "redoc.standalone.js"
FAVICON = "favicon.png"

# The validator badge would send the address of this API's schema to validator.swagger.io.
FORCED_SWAGGER_PARAMETERS = {"validatorUrl": None}
INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def mount_docs(app: FastAPI) -> None:
    """Serves both pages and their assets, only where the OpenAPI document is served."""
    if not app.openapi_url:
        return
    app.mount(ASSETS_PATH, StaticFiles(directory=ASSETS_DIR), name="docs-assets")
    app.add_api_route(DOCS_PATH, _swagger_ui, include_in_schema=False)
    app.add_api_route(REDOC_PATH, _redoc, include_in_schema=False)
    # FastAPI's CDN pages stay off (docs_url=None); the attributes tell where ours are.
    app.docs_url = DOCS_PATH
    app.redoc_url = REDOC_PATH


async def _swagger_ui(request: Request) -> HTMLResponse:
    app: FastAPI = request.app
    root = request.scope.get("root_path", "")
    page = get_swagger_ui_html(
        openapi_url=f"{root}{app.openapi_url}",
        title=f"{app.title} - Swagger UI",
        swagger_js_url=f"{root}{ASSETS_PATH}/{SWAGGER_JS}",
        swagger_css_url=f"{root}{ASSETS_PATH}/{SWAGGER_CSS}",
        swagger_favicon_url=f"{root}{ASSETS_PATH}/{FAVICON}",
        swagger_ui_parameters={**(app.swagger_ui_parameters or {}), **FORCED_SWAGGER_PARAMETERS},
    )
    return _with_policy(page)


async def _redoc(request: Request) -> HTMLResponse:
    app: FastAPI = request.app
    root = request.scope.get("root_path", "")
    page = get_redoc_html(
        openapi_url=f"{root}{app.openapi_url}",
        title=f"{app.title} - ReDoc",
        redoc_js_url=f"{root}{ASSETS_PATH}/{REDOC_JS}",
        redoc_favicon_url=f"{root}{ASSETS_PATH}/{FAVICON}",
        with_google_fonts=False,
    )
    return _with_policy(page)


def _with_policy(page: HTMLResponse) -> HTMLResponse:
    page.headers["Content-Security-Policy"] = content_security_policy(bytes(page.body).decode())
    return page


def content_security_policy(html: str) -> str:
    """Same origin only; the page's own inline bootstrap script is allowed by its hash.

    Styles need 'unsafe-inline' (Swagger UI and ReDoc inject style elements at run time), and
    ReDoc runs its search index in a worker created from a blob.
    """
    hashes = " ".join(_script_hash(script) for script in INLINE_SCRIPT.findall(html))
    directives = [
        "default-src 'none'",
        f"script-src 'self' {hashes}".rstrip(),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
    return "; ".join(directives)


def _script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"
