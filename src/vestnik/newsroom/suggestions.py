"""Suggested tags and regions for an article, from the enrichment cores, and the editor's
one-click decisions on them. Runs in the worker: it is the only Django code that loads the
NER models."""

import threading
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from vestnik.articles.models import ArticlePage, Suggestion, Tag, TagAlias
from vestnik.enrichment.districts import suggest_regions
from vestnik.enrichment.entities import Entity, NerModels, extract_entities, load_ner_models
from vestnik.regions.models import Region
from vestnik.search.documents import body_text

# Places every Moscow article is in: as tags they would say nothing.
GENERAL_PLACES = frozenset({"Москва", "Россия", "РФ", "столица"})
CONTEXT_CHARS = 40
AUTO_ACCEPT_CONFIDENCE = 0.8

_models: NerModels | None = None
_models_lock = threading.Lock()


def ner_models() -> NerModels:
    """The NER models, loaded once per worker process on first use."""
    global _models
    with _models_lock:
        if _models is None:
            _models = load_ner_models()
    return _models


@dataclass(frozen=True)
class Proposal:
    kind: str
    name: str
    confidence: float
    evidence: list[dict[str, Any]] = field(default_factory=list)
    tag_kind: str = ""
    region: Region | None = None


def evidence_item(fields: dict[str, str], field_name: str, start: int, stop: int) -> dict[str, Any]:
    text = fields[field_name]
    return {
        "field": field_name,
        "start": start,
        "stop": stop,
        "text": text[start:stop],
        "context": text[max(0, start - CONTEXT_CHARS) : stop + CONTEXT_CHARS],
    }


def article_fields(article: ArticlePage) -> dict[str, str]:
    return {
        "title": article.title,
        "body": "\n\n".join(filter(None, [article.lead, body_text(article)])),
    }


def propose(article: ArticlePage, models: NerModels) -> list[Proposal]:
    fields = article_fields(article)
    proposals = [
        entity_proposal(entity, fields)
        for entity in extract_entities(fields["body"], fields["title"], models=models)
        if entity.name not in GENERAL_PLACES
    ]
    proposed_regions: set[int] = set()
    for suggestion in suggest_regions(fields["body"], fields["title"]):
        region = (
            Region.objects.filter(kind="okrug", abbreviation=suggestion.region).first()
            if suggestion.kind == "okrug"
            else Region.objects.lookup(suggestion.region)
        )
        # Two gazetteer names may lead to one region; it is one suggestion, the surest.
        if region is None or region.pk in proposed_regions:
            continue
        proposed_regions.add(region.pk)
        evidence = [
            {
                **evidence_item(fields, field_of(fields, m.start, m.stop, m.text), m.start, m.stop),
                "via": m.via,
                "confidence": m.confidence,
            }
            for m in suggestion.evidence
        ]
        proposals.append(
            Proposal("region", region.name, suggestion.confidence, evidence, region=region)
        )
    return proposals


def field_of(fields: dict[str, str], start: int, stop: int, text: str) -> str:
    """Which field a match's offsets point into: the body unless the text is the title's."""
    return "body" if fields["body"][start:stop] == text else "title"


def entity_proposal(entity: Entity, fields: dict[str, str]) -> Proposal:
    in_title = any(m.field == "title" for m in entity.mentions)
    confidence = 1.0 if in_title or len(entity.mentions) > 1 else 0.7
    evidence = [evidence_item(fields, m.field, m.start, m.stop) for m in entity.mentions]
    return Proposal("tag", entity.name, confidence, evidence, tag_kind=entity.kind)


@transaction.atomic
def store_suggestions(article: ArticlePage, proposals: list[Proposal]) -> list[Suggestion]:
    """Record proposals; one the article already carries is recorded as accepted, a rejected
    one stays rejected, and pending ones no longer proposed are dropped."""
    existing = {(s.kind, s.name): s for s in article.suggestions.all()}
    tag_ids = set(article.tagged_items.values_list("tag_id", flat=True))
    region_ids = set(article.regions.values_list("pk", flat=True))
    kept = []
    for proposal in proposals:
        suggestion = existing.pop((proposal.kind, proposal.name), None) or Suggestion(
            article=article, kind=proposal.kind, name=proposal.name
        )
        suggestion.tag_kind = proposal.tag_kind
        suggestion.region = proposal.region
        suggestion.confidence = proposal.confidence
        suggestion.evidence = proposal.evidence
        if suggestion.status == Suggestion.Status.PENDING and applied(
            proposal, tag_ids, region_ids
        ):
            suggestion.status = Suggestion.Status.ACCEPTED
        suggestion.save()
        kept.append(suggestion)
    stale = [s.pk for s in existing.values() if s.status == Suggestion.Status.PENDING]
    Suggestion.objects.filter(pk__in=stale).delete()
    return kept


def applied(proposal: Proposal, tag_ids: set[int], region_ids: set[int]) -> bool:
    if proposal.kind == Suggestion.Kind.REGION:
        return proposal.region is not None and proposal.region.pk in region_ids
    tag = find_tag(proposal.name)
    return tag is not None and tag.pk in tag_ids


def find_tag(name: str) -> Tag | None:
    """The tag of this name or alias, in any case."""
    tag = Tag.objects.filter(name__iexact=name).first()
    if tag is None:
        alias = TagAlias.objects.select_related("tag").filter(name__iexact=name).first()
        tag = alias.tag if alias else None
    if tag is None:
        # SQLite compares non-ASCII case-sensitively; editors write names capitalised.
        tag = Tag.objects.filter(name=name[:1].upper() + name[1:]).first()
    words = name.split()
    if tag is None and len(words) == 3:
        # «Владимир Владимирович Путин» is the tag «Владимир Путин».
        tag = find_tag(f"{words[0]} {words[2]}")
    return tag


def tag_for(name: str, kind: str) -> Tag:
    """The tag a suggestion becomes: an existing one or its alias, else a new tag; a new
    person tag takes the surname as an alias, so a later «Собянин» lands on it too."""
    tag = find_tag(name)
    if tag is not None:
        return tag
    tag = Tag.objects.create(name=name, kind=kind or Tag.Kind.TOPIC)
    surname = name.split()[-1]
    if kind == Tag.Kind.PERSON and surname != name and find_tag(surname) is None:
        TagAlias.objects.create(name=surname, tag=tag)
    return tag


@transaction.atomic
def decide_suggestion(
    suggestion: Suggestion, accept: bool, user: AbstractBaseUser | None = None
) -> None:
    """Accept (see ``accept_suggestions``) or reject a suggestion."""
    if accept:
        accept_suggestions([suggestion], user)
    else:
        record_decision(suggestion, Suggestion.Status.REJECTED, user)


@transaction.atomic
def accept_suggestions(suggestions: list[Suggestion], user: AbstractBaseUser | None = None) -> None:
    """Add the suggestions' tags and regions to their article in one new revision, published
    if the article was live and had no other unpublished changes.

    The publish queues no enrichment: the text is the one enrichment has just read, so
    running it again would only propose the same again. «Читайте также» weighs tags and
    regions, so only that is refreshed."""
    from .signals import enrichment_held
    from .tasks import enqueue_safely, refresh_related_task

    new = [s for s in suggestions if s.status != Suggestion.Status.ACCEPTED]
    if new:
        page = new[0].article
        draft = page.get_latest_revision_as_object()
        for suggestion in new:
            if suggestion.kind == Suggestion.Kind.TAG:
                draft.tags.add(tag_for(suggestion.name, suggestion.tag_kind))
            elif suggestion.region is not None:
                draft.regions.add(suggestion.region)
        publish = page.live and not page.has_unpublished_changes
        with enrichment_held():
            revision = draft.save_revision(user=user, log_action=True)
            if publish:
                revision.publish(user=user)
        if publish:
            enqueue_safely(refresh_related_task, page.pk)
    for suggestion in suggestions:
        record_decision(suggestion, Suggestion.Status.ACCEPTED, user)


def record_decision(
    suggestion: Suggestion, status: Suggestion.Status, user: AbstractBaseUser | None
) -> None:
    suggestion.status = status
    suggestion.decided_by = user  # type: ignore[assignment]
    suggestion.decided_at = timezone.now()
    suggestion.save()


def suggest_for_article(article: ArticlePage, *, auto_accept: bool = False) -> list[Suggestion]:
    suggestions = store_suggestions(article, propose(article, ner_models()))
    if auto_accept:
        confident = [
            s
            for s in suggestions
            if s.status == Suggestion.Status.PENDING and s.confidence >= AUTO_ACCEPT_CONFIDENCE
        ]
        if confident:
            accept_suggestions(confident)
    return suggestions
