"""«Читайте также»: the five articles most worth reading after this one, computed.

Editors may pin related articles by hand; the rest of the block is filled from here.
A candidate earns points for each thing it has in common with the article on screen:

* ``text``: cosine similarity of tf-idf vectors over the lemma terms the search index
  already stores (``analyze_terms`` of the headline, lead, body, tags and regions), with
  BM25's idf, so «поликлиника» and «Харьковская» count and «Москва» does not;
* ``tags``: shared tags and named entities (persons, organisations, objects);
* ``regions``: shared regions, ancestors included, so two districts of one okrug
  share the okrug; ``neighbour_regions``: a region next to the article's own, which
  fills in, at a lower weight, the part of the geography that did not match;
* ``same_outlet``: the reader is on this outlet's site and knows its voice;
* ``recency``: news ages; of two equally related articles, the fresh one is better.

Each signal is a number in 0..1 times its weight from ``RelatedWeights``, which the
caller builds from Django settings, so an editor-in-chief can trade text against tags
without a release. The parts are kept per signal for the admin's «почему это здесь».

A candidate is never offered when it is the article itself, an id the caller excludes
(unpublished, already pinned by the editor, or known duplicates), a near-duplicate of
the article in either direction or a copy of the same original (``duplicate_of``, see
``vestnik.enrichment.duplicates``), or is published after ``now``. Of several copies of
one story among the candidates, only the best is offered: five slots are too few to
show a press release twice. A candidate sharing no text, tag or region with the article
is not related at all, however fresh or close: it is dropped, and the block may come
out shorter than five.

Scoring is pure arithmetic on profiles the caller loads in one query, about 500
candidates of some 100 terms each. The article's own vector is normalised once; each
candidate gets a cheap upper bound of its score, and the exact text similarity is
computed only for those whose bound could still make the top five (see the text
signal's comment): 2–4 ms for 500 candidates, against about 9 ms when every one of
them is a close variant of the article and none can be skipped.

>>> from datetime import datetime
>>> now = datetime(2025, 5, 19, 12, 0)
>>> def profile(article_id, headline, day):
...     return ArticleProfile(article_id, profile_terms(headline.split(), [], []),
...                           frozenset(), frozenset(), frozenset(), 7,
...                           datetime(2025, 5, day))
>>> target = profile(1, "ремонт поликлиника бирюлево", 19)
>>> candidates = [profile(2, "ремонт поликлиника завершиться", 12),
...               profile(3, "пожар склад люблино", 18)]
>>> [related.article_id for related in score_related(
...     target, candidates, {}, RelatedWeights(), now=now)]
[2]
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from itertools import repeat
from operator import attrgetter, mul
from types import MappingProxyType
from typing import Final, NamedTuple

__all__ = [
    "ArticleProfile",
    "RelatedScore",
    "RelatedWeights",
    "idf_weights",
    "profile_terms",
    "score_related",
    "text_similarity",
]

# How many times a term counts in each part of the article. The headline is what the
# article is about; the lead says it again in a sentence; the body repeats its subject
# and wanders off it. Tag and region names are counted once: they are scored again,
# by id, below, and counting them more would score them twice.
_HEADLINE_WEIGHT: Final = 3.0
_LEAD_WEIGHT: Final = 2.0
_BODY_WEIGHT: Final = 1.0
_EXTRA_WEIGHT: Final = 1.0

# BM25's idf is negative for a term in more than half the documents («Москва», «район»,
# «житель» in a Moscow district network): such a term says nothing about relatedness,
# but a negative weight would make sharing it count against. It gets this floor, which
# is also the weight of a term the statistics have not seen yet: an unknown term is as
# likely a typo as a new name, and a guess upwards would let one typo pair two articles.
_IDF_FLOOR: Final = 0.01

_SECONDS_PER_DAY: Final = 86_400.0

# Candidates whose idf is fetched at once when score_related is given ``fetch_idf``: the
# exact similarity reaches about one candidate in twenty-five, so one batch usually does.
_IDF_BATCH: Final = 32

# Float rounding may put a bound an ulp below the exact score it bounds; a margin far
# above that and far below any difference an editor could see keeps the cut-off safe.
_BOUND_SLACK: Final = 1e-9

_SIGNALS: Final = ("text", "tags", "regions", "neighbour_regions", "same_outlet", "recency")


@dataclass(frozen=True)
class RelatedWeights:
    """How much each signal counts; the caller builds it from the project settings.

    Text similarity leads: it is the only signal that knows what the article is about.
    Tags come next, being an editor's statement of the subject; shared regions matter on
    a district site, neighbouring ones half as much. The outlet and recency only order
    articles that are related already. ``recency_days`` is the age at which the
    recency signal halves: two months, about how long a district story stays live
    («ремонт поликлиники» runs from the announcement to the reopening).

    >>> RelatedWeights(tags=0.0).text
    1.0
    """

    text: float = 1.0
    tags: float = 0.6
    regions: float = 0.4
    neighbour_regions: float = 0.2
    same_outlet: float = 0.15
    recency: float = 0.3
    recency_days: float = 60.0

    def __post_init__(self) -> None:
        # Weights come from a settings file someone edits by hand; a negative or NaN
        # weight would silently turn the block upside down, so it fails loudly instead.
        for field in fields(self):
            value = getattr(self, field.name)
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"related weight {field.name} must be finite and >= 0: {value}")
        if self.recency_days <= 0:
            raise ValueError(f"recency_days must be positive: {self.recency_days}")


@dataclass(frozen=True)
class ArticleProfile:
    """What scoring needs to know about one article, loaded from the search index.

    ``terms`` is ``profile_terms`` of the indexed term strings. ``regions`` holds the
    article's regions with their ancestors (Бирюлёво Западное and ЮАО), but not the city
    itself: a region every article of the network shares relates nothing, and would keep
    every candidate from being dropped as unrelated. ``neighbour_regions`` holds the
    regions next to them, as the caller defines it (adjacent districts, the okrug's
    other districts). ``duplicate_of`` is the original this
    article was found to repeat, if any. ``published_at`` must be of the same kind as
    the ``now`` passed to ``score_related``: both aware or both naive.

    >>> ArticleProfile(1, {"поликлиника": 2.1}, frozenset(), frozenset({5}), frozenset(),
    ...                outlet_id=3, published_at=datetime(2025, 5, 19)).duplicate_of is None
    True
    """

    article_id: int
    terms: Mapping[str, float]
    tags: frozenset[int]
    regions: frozenset[int]
    neighbour_regions: frozenset[int]
    outlet_id: int
    published_at: datetime
    duplicate_of: int | None = None


@dataclass(frozen=True)
class RelatedScore:
    """One related article: its total score and each signal's share of it.

    ``parts`` maps every signal name to its weighted contribution, and the parts add
    up to ``score``, so the admin can say «текст 0.42, теги 0.30, свежесть 0.25».

    >>> RelatedScore(2, 0.5, {"text": 0.5}).parts["text"]
    0.5
    """

    article_id: int
    score: float
    parts: Mapping[str, float]


def profile_terms(
    headline_terms: Sequence[str],
    lead_terms: Sequence[str],
    body_terms: Sequence[str],
    extra_terms: Sequence[str] = (),
) -> dict[str, float]:
    """Return each term's weight in the article: weighted frequency, dampened.

    A term counts 3× in the headline, 2× in the lead, once in the body and once among
    the tag and region names; the sum ``f`` becomes ``1 + ln f``. Without the logarithm
    a body that says «поликлиника» twelve times would outweigh everything else it
    shares with another article; with it, twelve mentions are worth 3.5 single ones.
    The dampening is done here, once per article, not on every comparison.

    >>> profile_terms(["ремонт", "поликлиника"], ["поликлиника"], ["ремонт", "лифт"])
    ... # doctest: +ELLIPSIS
    {'ремонт': 2.386..., 'поликлиника': 2.609..., 'лифт': 1.0}
    """
    # One plain loop over the terms: a Counter per part costs more than the counting for
    # articles of a few dozen terms, and the caller builds some 250 profiles per article.
    # The weights are small integers, so adding them one by one is exact.
    counts: dict[str, float] = {}
    count_of = counts.get
    for terms, weight in (
        (headline_terms, _HEADLINE_WEIGHT),
        (lead_terms, _LEAD_WEIGHT),
        (body_terms, _BODY_WEIGHT),
        (extra_terms, _EXTRA_WEIGHT),
    ):
        for term in terms:
            counts[term] = count_of(term, 0.0) + weight
    log = math.log
    return {term: 1.0 + log(count) for term, count in counts.items()}


def idf_weights(document_frequency: Mapping[str, int], total_documents: int) -> dict[str, float]:
    """Return BM25's idf of each term, ln((N - df + 0.5) / (df + 0.5)), floored at 0.01.

    ``document_frequency`` counts the published articles containing each term and
    ``total_documents`` is their number (both from the search index). A term in one
    article of 10 000 weighs 9.1, one in a tenth of them 2.2, one in half or more the
    floor: see ``_IDF_FLOOR`` for why it is not zero or negative. Stale statistics with
    ``df > N`` are floored as well.

    >>> weights = idf_weights({"поликлиника": 10, "москва": 900}, 1000)
    >>> round(weights["поликлиника"], 2), weights["москва"]
    (4.55, 0.01)
    """
    if total_documents < 0:
        raise ValueError(f"total_documents must be >= 0: {total_documents}")
    weights = {}
    for term, df in document_frequency.items():
        if df < 0:
            continue
        ratio = (total_documents - df + 0.5) / (df + 0.5)
        # A ratio of zero or less is df > N: statistics counted before some deletions.
        weights[term] = max(_IDF_FLOOR, math.log(ratio)) if ratio > 0 else _IDF_FLOOR
    return weights


# --- the text signal ------------------------------------------------------------------
#
# cos(a, b) = Σ u_t·(b_t·idf_t) / |b|, where u = a·idf / |a| is the target's unit vector,
# computed once per call of score_related, and |b| = sqrt(Σ (b_t·idf_t)²) over all of
# b's terms: some 100 look-ups in the large idf table, most of a candidate's cost.
#
# By Cauchy–Schwarz the cosine is at most sqrt(Σ u_t²) over the terms b shares with a,
# a sum over b's terms in the small table of u², a quarter of the price. score_related
# bounds every candidate so and computes the cosine only for those whose bound could
# still reach the top; on a realistic mix that is one candidate in twenty-five.


def _norm(terms: Mapping[str, float], idf: Mapping[str, float]) -> float:
    # All in C: hypot of the tf-idf components, looked up with dict.get through map.
    return math.hypot(*map(mul, terms.values(), map(idf.get, terms.keys(), repeat(_IDF_FLOOR))))


def _unit_vector(terms: Mapping[str, float], idf: Mapping[str, float]) -> dict[str, float]:
    norm = _norm(terms, idf)
    if not norm:
        return {}
    return {
        term: weight * idf.get(term, _IDF_FLOOR) / norm for term, weight in terms.items() if weight
    }


def _cosine(
    unit: Mapping[str, float], terms: Mapping[str, float], idf: Mapping[str, float]
) -> float:
    """Return the cosine of the target's ``unit`` vector and the candidate's ``terms``."""
    components = list(map(mul, terms.values(), map(idf.get, terms.keys(), repeat(_IDF_FLOOR))))
    dot: float = sum(map(mul, map(unit.get, terms.keys(), repeat(0.0)), components))
    if dot <= 0.0:
        return 0.0
    # Rounding can push a copy's cosine a hair above 1.
    return min(1.0, dot / math.hypot(*components))


def text_similarity(
    a: Mapping[str, float], b: Mapping[str, float], idf: Mapping[str, float]
) -> float:
    """Return the cosine of the tf-idf vectors of two term profiles, from 0 to 1.

    Terms missing from ``idf`` weigh the floor (see ``_IDF_FLOOR``); with an empty
    ``idf`` this is the plain cosine of the profiles.

    >>> idf = {"поликлиника": 3.0, "ремонт": 2.0, "москва": 0.01}
    >>> round(text_similarity({"поликлиника": 1.0, "ремонт": 1.0},
    ...                       {"поликлиника": 1.0, "москва": 1.0}, idf), 3)
    0.832
    >>> text_similarity({"поликлиника": 1.0}, {}, idf)
    0.0
    """
    return _cosine(_unit_vector(a, idf), b, idf)


class _Bounded(NamedTuple):
    """Pass 1's verdict on a candidate: everything but the exact text similarity.

    The signals other than the text are each 0..1 before weighting.
    """

    upper: float  # no score of the candidate can be greater
    rest: float  # the weighted score of the signals other than the text
    bound: float  # no text similarity of the candidate can be greater
    age: float  # seconds since publication
    candidate: ArticleProfile
    tags: float
    regions: float
    neighbour_regions: float
    same_outlet: float
    recency: float


class _Scored(NamedTuple):
    """A candidate's exact score; ``order`` sorts best first, then newer, then lower id."""

    order: tuple[float, float, int]
    story: int  # the original a copy repeats, or the article itself
    text: float
    bounded: _Bounded


def score_related(
    target: ArticleProfile,
    candidates: Iterable[ArticleProfile],
    idf: Mapping[str, float],
    weights: RelatedWeights,
    *,
    now: datetime,
    limit: int = 5,
    exclude: Collection[int] = (),
    fetch_idf: Callable[[Collection[str]], Mapping[str, float]] | None = None,
) -> list[RelatedScore]:
    """Return up to ``limit`` candidates related to ``target``, best first.

    ``idf`` must hold the target's terms. A candidate's other terms are needed only for
    the exact text similarity, which few candidates reach (see the text signal's
    comment); with ``fetch_idf`` the caller passes only the target's idf and is asked for
    the rest in batches, for the candidates that get that far, instead of loading the idf
    of every term of every candidate. It must return the idf of each term it is given
    (terms it leaves out weigh the floor).

    See the module docstring for the signals and the exclusions. Text, tags and regions
    are each 0..1 before weighting; a neighbouring region adds
    ``neighbour_regions × (1 − region similarity)``, so a neighbour never outranks the
    article's own district; recency is 1 / (1 + age / recency_days), 1 today and ½ at
    ``recency_days``. Equal scores go to the newer article, then to the lower id, so
    the block does not reshuffle between two page views.

    >>> from datetime import datetime
    >>> target = ArticleProfile(1, {"пожар": 1.0}, frozenset(), frozenset(), frozenset(),
    ...                         1, datetime(2025, 5, 1))
    >>> score_related(target, [], {}, RelatedWeights(), now=datetime(2025, 5, 2))
    []
    """
    if limit <= 0:
        return []
    unit = _unit_vector(target.terms, idf)
    bounded = _bound_candidates(target, unit, candidates, weights, now, exclude)
    known = _IdfBatches(idf, bounded, fetch_idf)
    scored = _score_exactly(unit, bounded, known, weights, limit)
    return _best_stories(scored, weights, limit)


# --- pass 1: every candidate ----------------------------------------------------------


def _bound_candidates(
    target: ArticleProfile,
    unit: Mapping[str, float],
    candidates: Iterable[ArticleProfile],
    weights: RelatedWeights,
    now: datetime,
    exclude: Collection[int],
) -> list[_Bounded]:
    """Return the candidates left after the exclusions, best upper bound first.

    The loop runs for every candidate, so what it reads of the target and the weights is
    a local and its signals are written out in it: a function call or a NamedTuple's
    ``__new__`` per candidate costs about as much as the arithmetic. The text bound is
    sqrt(Σ u_t²) over the candidate's terms (see the text signal's comment); tags and
    regions score |a ∩ b| / sqrt(|a|·|b|), so one shared tag of two counts more than one
    of twenty.
    """
    squares = {term: value * value for term, value in unit.items()}.get
    tags, regions, outlet = target.tags, target.regions, target.outlet_id
    tag_count, region_count = len(tags), len(regions)
    near = target.neighbour_regions - regions  # (N ∩ C) − R is (N − R) ∩ C, made once
    w_text, w_tags, w_regions, w_neighbours, w_outlet, w_recency = _factors(weights)
    recency_seconds, sqrt = weights.recency_days * _SECONDS_PER_DAY, math.sqrt
    record = tuple.__new__  # fills a _Bounded in C, without its __new__ in Python
    bounded: list[_Bounded] = []
    for candidate in _eligible(target, candidates, now, exclude):
        bound = sqrt(sum(map(squares, candidate.terms, repeat(0.0))))
        shared = len(tags & candidate.tags)
        tag_score = shared / sqrt(tag_count * len(candidate.tags)) if shared else 0.0
        shared = len(regions & candidate.regions)
        region_score = shared / sqrt(region_count * len(candidate.regions)) if shared else 0.0
        if not (bound or tag_score or region_score):
            continue  # freshness, the outlet and a neighbouring district make nothing related
        neighbour = 0.0  # the part of the geography not shared, if a region is next door
        if region_score < 1.0 and (
            not near.isdisjoint(candidate.regions)
            or (candidate.neighbour_regions & regions) - candidate.regions
        ):
            neighbour = 1.0 - region_score
        age = (now - candidate.published_at).total_seconds()
        same_outlet = 1.0 if candidate.outlet_id == outlet else 0.0
        recency = 1.0 / (1.0 + age / recency_seconds)
        rest = (
            w_tags * tag_score
            + w_regions * region_score
            + w_neighbours * neighbour
            + w_outlet * same_outlet
            + w_recency * recency
        )
        upper = rest + w_text * (bound if bound < 1.0 else 1.0)
        if upper > 0.0:
            bounded.append(record(_Bounded, (
                upper, rest, bound, age, candidate, tag_score, region_score, neighbour,
                same_outlet, recency,
            )))  # fmt: skip
    bounded.sort(key=attrgetter("upper"), reverse=True)
    return bounded


def _factors(weights: RelatedWeights) -> tuple[float, ...]:
    """Return the weight of each signal, in the order of ``_SIGNALS``."""
    return tuple(getattr(weights, signal) for signal in _SIGNALS)


def _eligible(
    target: ArticleProfile,
    candidates: Iterable[ArticleProfile],
    now: datetime,
    exclude: Collection[int],
) -> list[ArticleProfile]:
    """Return the candidates that may be offered: not excluded, not the target, not a copy
    of it or of its original, not its original, not published after ``now``."""
    excluded = set(exclude)
    excluded.add(target.article_id)
    copied = {target.article_id}
    if target.duplicate_of is not None:
        excluded.add(target.duplicate_of)
        copied.add(target.duplicate_of)
    return [
        candidate
        for candidate in candidates
        if candidate.article_id not in excluded
        and candidate.duplicate_of not in copied
        and candidate.published_at <= now
    ]


# --- pass 2: the exact text similarity, best bound first ------------------------------


class _IdfBatches:
    """The idf of the terms pass 2 reaches, asked of ``fetch_idf`` in batches.

    Without ``fetch_idf`` it is the ``idf`` the caller gave, whole.
    """

    def __init__(
        self,
        idf: Mapping[str, float],
        bounded: Sequence[_Bounded],
        fetch_idf: Callable[[Collection[str]], Mapping[str, float]] | None,
    ) -> None:
        self._fetch = fetch_idf
        self._bounded = bounded
        self._until = 0
        # With fetch_idf the fetched terms join a copy of the caller's idf, in place.
        self._own: dict[str, float] | None = None if fetch_idf is None else dict(idf)
        self.known: Mapping[str, float] = idf if self._own is None else self._own

    def reach(self, position: int) -> Mapping[str, float]:
        """Return the idf, holding the terms of the candidate at ``position`` in pass 2."""
        own, fetch = self._own, self._fetch
        if own is None or fetch is None or position < self._until:
            return self.known
        self._until = position + _IDF_BATCH
        missing = {
            term
            for entry in self._bounded[position : self._until]
            for term in entry.candidate.terms
            if term not in own
        }
        if missing:
            own.update(dict.fromkeys(missing, _IDF_FLOOR))
            own.update(fetch(missing))
        return own


def _score_exactly(
    unit: Mapping[str, float],
    bounded: Sequence[_Bounded],
    idf: _IdfBatches,
    weights: RelatedWeights,
    limit: int,
) -> list[_Scored]:
    """Return the exact scores, until no bound left can reach the «limit»-th best story.

    The heap holds the scores of distinct stories, the first copy of each: never more
    than their best, so the cut-off is never too high.
    """
    top = _TopStories(limit)
    scored: list[_Scored] = []
    for position, entry in enumerate(bounded):
        if top.out_of_reach(entry.upper):
            break
        candidate = entry.candidate
        text = _cosine(unit, candidate.terms, idf.reach(position)) if entry.bound else 0.0
        if not (text or entry.tags or entry.regions):
            continue  # shared terms, but all of weight zero
        score = entry.rest + weights.text * text
        if not score:
            # Every signal it has is weighted zero: nothing to show the editor either.
            continue
        copy_of = candidate.duplicate_of
        story = candidate.article_id if copy_of is None else copy_of
        scored.append(_Scored((-score, entry.age, candidate.article_id), story, text, entry))
        top.offer(score, story)
    return scored


class _TopStories:
    """The ``limit`` best scores of distinct stories seen so far, in a min-heap."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._heap: list[tuple[float, int]] = []
        self._stories: set[int] = set()

    def out_of_reach(self, upper: float) -> bool:
        """Tell whether a candidate bounded by ``upper`` can no longer enter the top."""
        heap = self._heap
        return len(heap) == self._limit and upper + _BOUND_SLACK < heap[0][0]

    def offer(self, score: float, story: int) -> None:
        """Count a story's score, unless a copy of the story is in the top already."""
        heap, stories = self._heap, self._stories
        if story in stories:
            return
        if len(heap) < self._limit:
            heapq.heappush(heap, (score, story))
            stories.add(story)
        elif score > heap[0][0]:
            _, dropped = heapq.heapreplace(heap, (score, story))
            stories.discard(dropped)
            stories.add(story)


# --- pass 3: one article per story, with its parts --------------------------------------


def _best_stories(
    scored: Iterable[_Scored], weights: RelatedWeights, limit: int
) -> list[RelatedScore]:
    """Return the best copy of each story, best first, with each signal's share."""
    factors = _factors(weights)
    result: list[RelatedScore] = []
    stories: set[int] = set()
    # Equal scores: the newer (smaller age) first, then the lower id.
    for entry in sorted(scored, key=attrgetter("order")):
        if entry.story in stories:
            continue  # a weaker copy of a story already in the block
        stories.add(entry.story)
        signals = entry.bounded
        values = (
            entry.text,
            signals.tags,
            signals.regions,
            signals.neighbour_regions,
            signals.same_outlet,
            signals.recency,
        )
        parts = dict(zip(_SIGNALS, map(mul, factors, values), strict=True))
        negative_score, _, article_id = entry.order
        result.append(RelatedScore(article_id, -negative_score, MappingProxyType(parts)))
        if len(result) == limit:
            break
    return result
