"""People, organisations and places named in an article, each once, in the nominative.

An editor tagging an article wants «Сергей Собянин», not the five forms the text uses
(«Сергея Собянина», «Собянин», «Собянину» ...), and wants to see where each was found.
natasha's news NER finds the mentions and its morphology puts them in the nominative;
this module decides which mentions are the same entity and what that entity is called:

- people: every mention is split into first name, patronymic and surname, each put in
  the nominative in the gender of the person («Анастасией Раковой» → «Анастасия Ракова»),
  and a bare surname or a first name with a surname joins the fullest name with that
  surname («Владимира Владимировича Путина», «Путин» → «Владимир Владимирович Путин»);
- organisations keep their quotes and the abbreviation or type word before them
  («ОЭЗ «Технополис Москва»», «компании «Микрон»» → «Компания «Микрон»»), which natasha
  cuts off; an abbreviation before a quoted name is an organisation even where natasha
  misses it; «Технополис Москва» and a bare «ОЭЗ» in the same article are the same
  organisation, and a bare «ОЭЗ» or «ГБУ» with nothing to join is dropped;
- places take natasha's nominative, except for the Moscow neuter names in
  -ово/-ево/-ино/-ыно, whose oblique forms natasha reads as surnames («в Рудневе» →
  «Руднев»): those go through the search lemmatiser, which knows them («Руднево»);
  quoted with no type before them, they are places too («в «Алабушеве»» → «Алабушево»).

>>> models = load_ner_models()  # doctest: +SKIP
>>> [(e.kind, e.name) for e in extract_entities(
...     "Сергей Собянин посетил Руднево. Собянину показали цеха.", models=models)]
... # doctest: +SKIP
[('person', 'Сергей Собянин'), ('place', 'Руднево')]

natasha and its models (about 250 MB in memory, under a second to load) are imported
only by load_ner_models(); the caller keeps what it returns and passes it in, so
importing this package costs nothing and a worker loads the models once.
"""

from vestnik.enrichment.entities.kinds import merge_kinds, prevailing_kind
from vestnik.enrichment.entities.models import load_ner_models
from vestnik.enrichment.entities.pipeline import extract_entities
from vestnik.enrichment.entities.records import Entity, EntityKind, Mention, NerModels

__all__ = [
    "Entity",
    "EntityKind",
    "Mention",
    "NerModels",
    "extract_entities",
    "load_ner_models",
    "merge_kinds",
    "prevailing_kind",
]
