"""OpenAPI pieces drf-spectacular cannot infer by itself."""

from typing import Any

from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from .serializers import ErrorSerializer

BAD_REQUEST = OpenApiResponse(ErrorSerializer, description="Неверный параметр; errors называет его")
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="Нет такой записи или страницы")
# A list answers 400 to a bad parameter and 404 to a page past its end.
LIST_ERRORS = {400: BAD_REQUEST, 404: NOT_FOUND}


def allow_empty_query_values(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: every query parameter of this API takes an empty
    value as «not given» (``?tag=&page=`` is the whole first page), and the schema says so."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    parameter["allowEmptyValue"] = True
    return result


def form_parameters(form_class: type[forms.Form]) -> list[OpenApiParameter]:
    """Query parameters documented straight from a Django form, so the two cannot drift."""
    parameters = []
    for name, field in form_class.base_fields.items():
        options: dict[str, Any] = {"description": str(field.help_text or field.label or "")}
        kind: OpenApiTypes | dict[str, Any]
        if isinstance(field, forms.DateField):
            kind = OpenApiTypes.DATE
        elif isinstance(field, forms.IntegerField):
            kind = {"type": "integer", "minimum": field.min_value or 0}
        elif isinstance(field, forms.ChoiceField):
            kind = OpenApiTypes.STR
            # A list of pairs in these forms; the stub also allows callables and groups.
            options["enum"] = [value for value, _label in field.choices]  # type: ignore[misc, union-attr]
        elif isinstance(field, forms.SlugField):
            kind = OpenApiTypes.STR
            options["pattern"] = r"^[-a-zA-Z0-9_]+$"
        else:
            # A CharField (the search text): the forms documented here have no other kind.
            kind = {"type": "string", "maxLength": field.max_length}  # type: ignore[attr-defined]
        parameters.append(OpenApiParameter(name, kind, **options))
    return parameters
