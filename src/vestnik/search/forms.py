"""The search parameters a reader, an editor or an app sends, checked in one place."""

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone

from vestnik.articles.models import Tag
from vestnik.regions.models import Region

from .documents import COPY_FACET, facet
from .service import SearchPage, search_articles

# The code of a fault that leaves a well-formed request with nothing to find.
NAMES_NOTHING = "names_nothing"
NO_REGION = "Нет такого округа или района."
NO_TAG = "Нет такого тега."
REVERSED_PERIOD = "Конец периода раньше начала."
# Long enough for any real query; the parser cuts further at a word boundary.
MAX_INPUT = 10_000
# No article is older or newer than these; clamping to them keeps «9999-12-31» plus a day,
# or year 1 in UTC, from overflowing while meaning the same.
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2199, 12, 31)


class SearchForm(forms.Form):
    q = forms.CharField(label="Запрос", required=False, max_length=MAX_INPUT, strip=True)
    region = forms.SlugField(
        label="Округ или район", required=False, help_text="Слаг или код ОКАТО/ОКТМО"
    )
    tag = forms.SlugField(label="Тег", required=False)
    date_from = forms.DateField(label="С", required=False)
    date_to = forms.DateField(label="По", required=False)
    sort = forms.ChoiceField(
        label="Порядок",
        required=False,
        choices=[("relevance", "по релевантности"), ("date", "по дате")],
    )
    fresh = forms.ChoiceField(
        label="Свежие выше",
        required=False,
        choices=[("1", "да"), ("0", "нет")],
        help_text="Поднимать свежие материалы при сортировке по релевантности",
    )
    page = forms.IntegerField(required=False, min_value=1)

    def clean_q(self) -> str:
        # Control characters come from pasted text and broken clients; they are never meant.
        text: str = self.cleaned_data["q"]
        return "".join(ch if ch.isprintable() else " " for ch in text)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.named_region: Region | None = None
        self.named_tag: Tag | None = None
        if data.get("region"):
            self.named_region = Region.objects.by_slug_or_code(data["region"])
            if self.named_region is None:
                self.add_error("region", ValidationError(NO_REGION, code=NAMES_NOTHING))
        if data.get("tag"):
            self.named_tag = Tag.objects.filter(slug=data["tag"]).first()
            if self.named_tag is None:
                self.add_error("tag", ValidationError(NO_TAG, code=NAMES_NOTHING))
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", ValidationError(REVERSED_PERIOD, code=NAMES_NOTHING))
        return data

    def finds_nothing(self) -> bool:
        """Whether the only faults are well-formed filters that match no article (an unknown
        region or tag, a period ending before it starts): an empty answer, not a bad request."""
        codes = {error.code for errors in self.errors.as_data().values() for error in errors}
        return codes == {NAMES_NOTHING}

    def search(
        self,
        outlet_id: int | None = None,
        per_page: int = 10,
        request: HttpRequest | None = None,
    ) -> SearchPage:
        """Run the search the valid fields describe, with links for ``request``'s site;
        call only after ``is_valid()``."""
        data = self.cleaned_data
        facets = []
        if outlet_id is not None:
            facets.append(facet("o", outlet_id))
        if self.named_region is not None:
            facets.append(facet("r", self.named_region.pk))
        if self.named_tag is not None:
            facets.append(facet("t", self.named_tag.pk))
        date_from, date_to = moscow_days(data.get("date_from"), data.get("date_to"))
        return search_articles(
            data.get("q", ""),
            facets=tuple(facets),
            # Across the network a syndicated story shows once, as its original.
            excluded_facets=(COPY_FACET,) if outlet_id is None else (),
            date_from=date_from,
            date_to=date_to,
            order=data.get("sort") or "relevance",
            recency=data.get("fresh") != "0",
            page=data.get("page") or 1,
            per_page=per_page,
            request=request,
        )


def moscow_midnight(day: Any) -> datetime | None:
    return timezone.make_aware(datetime.combine(day, time.min)) if day else None


def moscow_days(first: date | None, last: date | None) -> tuple[datetime | None, datetime | None]:
    """The instants bounding the days ``first`` to ``last`` inclusive, Moscow time: from the
    first day's midnight up to (not including) the midnight after the last day."""
    start = moscow_midnight(clamp_day(first)) if first else None
    end = moscow_midnight(clamp_day(last) + timedelta(days=1)) if last else None
    return start, end


def clamp_day(day: date) -> date:
    return min(max(day, EARLIEST_DAY), LATEST_DAY)
