"""The one PDF path: an HTML template rendered by WeasyPrint.

The PDF uses the same template content and the same charts as the page. It
may load only our own static files and ``data:`` images; any other address is
refused, so a report can never make the server fetch something from outside.
"""

from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify

STATIC_PREFIX = "static:"


class FetchRefused(ValueError):
    pass


def _local_file(url: str) -> tuple[bytes, str]:
    """Bytes and type of one of our static files named ``static:path``; else refused."""
    if url.startswith(STATIC_PREFIX):
        try:
            found = finders.find(url.removeprefix(STATIC_PREFIX))
        except SuspiciousFileOperation:
            found = None
        if found:
            path = Path(found if isinstance(found, str) else found[0])
            return path.read_bytes(), _mime(path)
    raise FetchRefused(f"PDF rendering may not load {url}")


def _fetcher() -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalOnlyFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            body, mime = _local_file(url)
            return URLFetcherResponse(url, body=body, headers={"Content-Type": mime})

    return LocalOnlyFetcher(allowed_protocols={"data"}, fail_on_errors=True)


def _mime(path: Path) -> str:
    return {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png"}.get(
        path.suffix, "application/octet-stream"
    )


def render_pdf(
    *, template: str, context: dict[str, Any], request: HttpRequest | None = None
) -> bytes:
    """The template as PDF bytes. In templates, link assets as ``static:path``."""
    from weasyprint import HTML

    html = render_to_string(template, {**context, "pdf": True}, request=request)
    document = HTML(string=html, url_fetcher=_fetcher())
    return bytes(document.write_pdf())


def pdf_response(
    *, template: str, context: dict[str, Any], filename: str, request: HttpRequest
) -> HttpResponse:
    """A download of the rendered PDF, named after ``filename`` (without extension)."""
    response = HttpResponse(
        render_pdf(template=template, context=context, request=request),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename) or "report"}.pdf"'
    return response
