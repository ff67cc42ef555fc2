"""The article's regions as checkboxes grouped by okrug, with a filter box: 160 places in one
flat list were too many to find «Косино-Ухтомский» in."""

from typing import Any

from django import forms

from .models import Region, search_key

__all__ = ["RegionPicker"]


class RegionPicker(forms.CheckboxSelectMultiple):
    """Moscow first, then one group per okrug: the okrug itself, then its districts. The
    filter script hides what does not match (static file: the admin allows no inline code);
    each entry carries its names folded as ``search_key`` folds them, so ё/е and case do not
    matter."""

    template_name = "regions/widgets/region_picker.html"

    class Media:
        js = ["regions/region-picker.js"]
        css = {"all": ["regions/region-picker.css"]}

    def optgroups(self, name: str, value: list[str], attrs: dict[str, Any] | None = None) -> list:
        # ModelChoiceIteratorValues (model choices), which the stub types as str.
        regions = [choice.instance for choice, _label in self.choices if choice]  # type: ignore[union-attr]
        groups: dict[int, list[Region]] = {}
        for region in regions:
            # The city and each okrug head a group; a district or settlement joins its okrug's.
            heads_group = region.kind in (Region.Kind.CITY, Region.Kind.OKRUG)
            key = region.pk if heads_group else region.parent_id
            groups.setdefault(key, []).append(region)
        heads = {region.pk: region for region in regions}
        result = []
        for index, (head_pk, members) in enumerate(groups.items()):
            head = heads.get(head_pk, members[0])
            options = [
                self.create_option(
                    name,
                    region.pk,
                    "Весь округ" if region.kind == Region.Kind.OKRUG else region.name,
                    str(region.pk) in value,
                    index,
                    subindex=subindex,
                    attrs=attrs,
                )
                | {"search": folded_names(region)}
                for subindex, region in enumerate(members)
            ]
            result.append((group_label(head), options, index, folded_names(head)))
        return result


def group_label(region: Region) -> str:
    """«Москва», «Восточный административный округ (ВАО)»."""
    if region.kind == Region.Kind.OKRUG and region.abbreviation:
        return f"{region.full_name} ({region.abbreviation})"
    return region.full_name or region.name


def folded_names(region: Region) -> str:
    return " | ".join(
        search_key(text) for text in (region.name, region.full_name, region.abbreviation) if text
    )
