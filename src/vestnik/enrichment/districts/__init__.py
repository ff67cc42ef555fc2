"""District geo-tagger: which Moscow districts and okrugs a news text is about.

A network of district papers routes an article to the outlets of the places it is about,
so the editor should see «Марфино, СВАО» suggested under the headline rather than pick
it by hand. Russian declines place names («в Марфине», «жителей Бибирева», «в Южном
Медведкове»), and many of them are also ordinary words or parts of other names: the
falcon «сокол», «аэропорт Шереметьево», «Ярославский вокзал», «Восточный
административный округ». The tagger finds the names in any form and lets the words
around them decide what they are.

>>> [(m.region, m.kind, m.text) for m in tag_districts("Жителей Бибирева пригласили на ВДНХ")]
[('Бибирево', 'district', 'Бибирева'), ('Останкинский', 'district', 'ВДНХ')]
>>> [(m.region, m.via) for m in tag_districts("Над Бибиревом кружил сокол")]
[('Бибирево', 'name')]

The gazetteer (``data/``, read once by ``load_gazetteer``):

- ``districts.csv``: the 125 districts, 21 settlements and city districts of Moscow with
  their okrugs; ``okrugs.csv``: the 12 okrugs, their abbreviations and the side of the
  city each lies on («на северо-востоке Москвы»);
- ``metro_stations.csv``: stations with the district and okrug they lie in. A station on
  a district border can land in the neighbour, so its district is a hint (confidence
  0.5) and its okrug a fact (0.85);
- ``aliases.csv``: other names of regions (umbrella names such as «Бутово» for both
  Бутово districts, which point at the okrug; the reversed order «Северное Чертаново»;
  one half of a double name, «Выхино») and notable places («ВДНХ», «Лужники»), each
  with a note on where the fact comes from;
- ``context_words.csv``: the words around a name that decide what it is.

How a name is found. Every name is put through ``vestnik.language.analyze_text``, the
same analysis the text goes through, and a run of text terms equal to a name's terms is
a candidate: «Марфине» and «Марфино» are both «марфино», «Южном Медведкове» is «южный
медведково». Where the analyser gives two case forms of a name different terms («к
Тёплому Стану» reads «стану» as the verb «стать», «в Троицком» as the adjective), a
fallback accepts the name word's stem plus a case ending of its declension class
(``_declension_of``: «стан» + «у»). The same table is a filter for one-word names: the
analyser merges the surname Митин into Митино and the plural «аэропорты» into
«аэропорт», and «депутат Митин», «Аэропорты работают» are no form of those names. The
longest accepted candidate wins an overlap, so «Южное Медведково» is not also
«Медведково», and «Восточное Измайлово» is not «Восточный».

What a candidate is, decided by the words next to it (``_judge_span``):

1. Station names count only after «метро», «станция», «м.», «МЦК»: «у станции метро
   «Бабушкинская»» gives the station's district (Бабушкинский, hint) and its okrug
   (СВАО). After such a word a district name that is also a station («метро «Митино»»)
   is taken as the station too.
2. An okrug is its abbreviation («СВАО»; not in lower case; not «ЗАО «Рога и копыта»»,
   a company; not «обсерватории (САО)», whose initials it spells), or its adjective
   followed by «(административный) округ» or «АО», in any case and also in a list
   («Троицкий и Новомосковский административные округа»), unless another city follows
   («Восточного округа Нью-Йорка»). A name followed by «округ» is never a district
   («Восточный округ» is ВАО). «На северо-востоке Москвы» counts, with less confidence.
3. A name right after a street, airport or company word, or after one in a list or
   just inside the quotes that follow one («аэропорт Внуково», «в аэропортах
   Шереметьево, Домодедово, Внуково», «улица Академика Королёва», «ЖК «Новое
   Внуково»»), or right before a street, railway terminal, church or court word
   («Ярославский вокзал», «Можайское шоссе») is not the region; nor is one a few words
   before «Подмосковья», «области», «страны» («Можайский район Подмосковья»). After
   «парк», «усадьба» it stays, less sure: a park named after a district lies in or by
   it.
4. A name that is a single adjective («Бабушкинский», «Восточный», «Тверской»,
   «Московский») is everyday Russian too («Тверская улица», «Басманный суд», «Московский
   метрополитен»), so it must be capitalised, masculine (not «Северная Каролина») and
   have a unit word next to it: «район», «поселение», «муниципальный округ», «город»
   before it, «район» after it (but not «Киевский район Харькова»), also across a list
   («Бабушкинский и Лосиноостровский районы»). Neuter ones used as nouns («в Отрадном»,
   «Сосенское») count alone in a neuter form (not «Отрадная»), and not before «район»,
   where they are some other place's masculine adjective («в Первомайском районе»).
5. A name that is also a common word («Сокол», «Аэропорт», «Печатники», «Проспект
   Вернадского») counts when capitalised mid-sentence, where only a proper name is, or
   after a unit or resident word («жители района Сокол»). At the start of a sentence the
   capital letter proves nothing, so the falcon in «Сокол поймал голубя» is no district;
   in quotes it names a brand or a club (зефир «Сокол»). «Аэропорт» followed by a
   capitalised name is an airport's name.
6. Any other name counts in any form; in lower case or in quotes with nothing to say
   what it names it is less sure.

Confidence (0..1) starts from how the name was found (0.8 for a gazetteer name, 0.75 an
alias, 0.7 a notable place, 0.9 or 0.95 an okrug) and rises with a resident or unit word
before the name (most of the way to 1) or a preposition «в», «на», «у» (a quarter of
the way); it falls for the doubts in rules 3, 5 and 6. The numbers rank suggestions; they
are not probabilities measured on a corpus.

``data/geo_cases.tsv`` holds the hand-written cases the tests run, for an evaluation
harness to compute precision and recall on: a header, then one sentence a row, tab
separated: the phenomenon, the sentence with each expected mention in [brackets], the
expected regions comma-separated (empty for a trap that must find nothing).
"""

from vestnik.enrichment.districts.gazetteer import Gazetteer, load_gazetteer
from vestnik.enrichment.districts.records import (
    DistrictMatch,
    Region,
    RegionKind,
    RegionSuggestion,
)
from vestnik.enrichment.districts.tagger import nominative_name, suggest_regions, tag_districts

__all__ = [
    "DistrictMatch",
    "Gazetteer",
    "Region",
    "RegionKind",
    "RegionSuggestion",
    "load_gazetteer",
    "nominative_name",
    "suggest_regions",
    "tag_districts",
]
