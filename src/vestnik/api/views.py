"""JSON for apps and partners, under /api/v1/."""

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from vestnik.search.forms import SearchForm
from vestnik.search.service import SearchPage

PER_PAGE_LIMIT = 50


@require_GET
def search(request: HttpRequest) -> JsonResponse:
    """``/api/v1/search/?q=…&outlet=<id>&region=<slug>&tag=<slug>&date_from&date_to&sort&page``."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    outlet = request.GET.get("outlet")
    if outlet is not None and not outlet.isdigit():
        return JsonResponse(
            {"errors": {"outlet": [{"message": "Нужен номер издания."}]}}, status=400
        )
    per_page = request.GET.get("per_page", "10")
    if not per_page.isdigit() or not 1 <= int(per_page) <= PER_PAGE_LIMIT:
        message = f"per_page — число от 1 до {PER_PAGE_LIMIT}."
        return JsonResponse({"errors": {"per_page": [{"message": message}]}}, status=400)
    page = form.search(outlet_id=int(outlet) if outlet else None, per_page=int(per_page))
    return JsonResponse(search_page_json(page), json_dumps_params={"ensure_ascii": False})


def search_page_json(page: SearchPage) -> dict[str, Any]:
    return {
        "query": page.text,
        "total": page.shown_total,
        "total_is_exact": page.total_is_exact,
        "page": page.page,
        "num_pages": page.num_pages,
        "relaxed": page.relaxed,
        "messages": list(page.messages),
        "results": [
            {
                "id": result.article_id,
                "url": result.url,
                "headline": "".join(f.text for f in result.headline),
                "headline_highlights": [f.text for f in result.headline if f.highlighted],
                "snippet": "".join(f.text for f in result.snippet),
                "snippet_highlights": [f.text for f in result.snippet if f.highlighted],
                "published_at": result.published_at.isoformat(),
                "outlet": {"id": result.outlet_id, "name": result.outlet_name},
                "score": round(result.score, 6),
            }
            for result in page.results
        ],
    }
