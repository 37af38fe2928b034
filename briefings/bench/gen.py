"""Synthetic news for `briefbot bench`, seeded so that two runs (and two machines) ingest the same articles.

Several reports per incident with differing figures and holders, weapons, blame, denials, distances, background
about older incidents elsewhere, and wire copy republished with small edits. Filler comes from a small grammar:
distinct reports share few five-word runs (shingle Jaccard < 0.2) while wire copies stay above 0.6.
"""
from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

DEFAULT_SEED = 20250314
WIRE_RATE = 0.15  # share of records that republish an earlier record under another outlet
MIN_WORDS, MAX_WORDS = 150, 500


@dataclass(frozen=True)
class BenchPlace:
    name: str
    variants: tuple[str, ...]  # other spellings: used by wire edits and by misspelled queries
    admin1: str | None
    country: str


@dataclass(frozen=True)
class BenchIncident:
    index: int
    place: BenchPlace
    day: date
    reference: str  # the city distances are measured from
    direction: str
    distance_km: int
    target: str
    weapon: str
    killed: int
    wounded: int
    perpetrator: str


@dataclass(frozen=True)
class SyntheticArticle:
    text: str
    title: str
    url: str
    outlet: str
    published: str  # ISO date
    incident: int  # index into Plan.incidents
    copy_of: str | None = None  # url of the original when this is a wire republication
    language: str = "en"

    def record(self) -> dict[str, str]:
        """The JSON Lines record the engine ingests (no generator bookkeeping)."""
        return {"text": self.text, "title": self.title, "url": self.url, "outlet": self.outlet,
                "published": self.published, "language": self.language}


@dataclass(frozen=True)
class Plan:
    articles: int
    seed: int
    incidents: tuple[BenchIncident, ...]
    outlets: tuple[str, ...]


REFERENCE_CITIES = {"Iraq": ("Baghdad", "Mosul", "Kirkuk", "Erbil", "Basra"), "Syria": ("Damascus", "Homs", "Aleppo"),
                    "Jordan": ("Amman", "Irbid")}
_DIRECTIONS = "north south east west north-west north-east south-west south-east".split()
_TARGETS = ("a military base", "an air base", "a weapons depot", "a militia headquarters", "a checkpoint",
            "an airport", "a convoy", "a police station", "a training camp", "an ammunition store")
_WEAPONS = {"drones": "Drone", "explosive-laden drones": "Drone", "rockets": "Rocket", "Katyusha rockets": "Rocket",
            "missiles": "Missile", "a car bomb": "Car bomb", "unidentified aircraft": "Air", "warplanes": "Air",
            "mortar rounds": "Mortar", "a roadside bomb": "Roadside bomb"}
_WEAPON_NAMES = tuple(_WEAPONS)
_ACTORS = ("Kataib Hezbollah", "the Popular Mobilization Forces", "Islamic State", "the United States", "Israel",
           "Turkey", "the PKK", "Asaib Ahl al-Haq", "Harakat al-Nujaba")
_HOLDERS = ("a military statement", "security sources", "two security sources", "sources at a hospital in {town}",
            "the health directorate in {admin1}", "a police officer in {admin1}", "a statement from {actor}",
            "local officials", "medical sources", "the provincial governor", "a war monitor", "the interior ministry",
            "two officials who asked not to be named", "a spokesman for {actor}", "civil defence teams")
_WHO = (("person", "people"), ("fighter", "fighters"), ("soldier", "soldiers"), ("civilian", "civilians"))
_NUMBER_WORDS = "zero one two three four five six seven eight nine ten eleven".split()
_OUTLETS = ("Tigris Euphrates Levant Crescent Desert Northern Southern Eastern Capital Gulf Border Valley".split(),
            "Ledger Daily Post Monitor Courier Herald Wire Review Dispatch Times Observer Gazette".split())
_TITLES = ("{Kind} attack on {bare} near {place}", "{K} killed in {kind} attack near {place}",
           "{Place}: {bare} hit, toll disputed", "Attack near {place} kills {k} - {holder}",
           "{Kind} strike on {bare} in {admin1}")
_LEAD = ("{Weapon} struck {target} near {place} on {weekday}, {holder} said.",
         "{Target} near {place} in {admin1} province was hit by {weapon} late on {weekday}, according to {holder}.",
         "An attack with {weapon} on {target} outside {place} on {weekday} left {k} dead, {holder} said.",
         "{Holder} reported an attack on {target} close to {place} on {weekday}.")
_CASUALTY = ("{K} {who} {were} killed and {w} wounded, according to {holder}.",
             "{Holder} said {k} {who} had been killed and {w} injured.",
             "{Holder} told the {outlet} that {k} {who} died and {w} were hurt.",
             "A toll given by {holder} put the dead at {k} and the wounded at {w}.",
             "The attack killed {k} {who} and wounded {w}, {holder} said.")
_UPDATE = ("The death toll rose to {k} on {weekday} after more of the wounded died in hospital, {holder} said.",
           "{Holder} said on {weekday} that the number of dead had risen to {k}.")
_CLAIMS = (  # (templates, probability that a report has one)
    (("{Holder} said the attack had been carried out with {weapon}.", "{Holder} said there were no casualties.",
      "According to {holder}, the attack involved {weapon}, not {other}.",
      "{Holder} said the site had been hit by {weapon}."), 0.7),
    (('"{quote}," {holder} said.', '"{quote}," {holder} told the {outlet}.'), 0.5),
    (("The site lies {q}{d} km {dir} of {ref}.", "{Place} is {q}{d} kilometres {dir} of {ref}.",
      "The {bare} is located {q}{d} km ({mi} miles) {dir} of {ref}."), 0.6),
    (("{Holder} blamed {perp} for the attack. {Perp} denied any involvement.",
      "No group claimed responsibility, but {holder} accused {perp}. {Perp} rejected the accusation.",
      "{Perp} said in a statement that it had nothing to do with the attack.",
      "{Holder} said it was not yet known who was behind the attack."), 0.7))
_QUOTES = ("We heard three loud blasts and then the sky turned red", "The wounded were brought in within the hour",
           "Those responsible will be held to account", "We will not allow the country to become a battlefield",
           "An investigation is under way and we will announce its results", "Nobody warned us before it happened")
_BACKGROUND = ("In {month} {year}, {weapon} hit {target} near {place}, killing {k}, {holder} said at the time.",
               "The attack came after an earlier strike on {target} at {place} in {month} {year}, "
               "in which {k} {who} died.")
_GRAMMAR = (  # filler = opener subject verb object tail
    ("", "", "Officials said", "Meanwhile,", "On {weekday},", "Separately,", "Residents said", "Local media said"),
    ("security forces", "the provincial council", "the army", "local police", "tribal leaders", "aid groups",
     "the central government", "several political parties", "residents of {place}", "traders in {ref}",
     "the governor of {admin1}"),
    ("stepped up patrols around", "called for calm in", "warned of more attacks near", "promised to rebuild homes in",
     "sent reinforcements to", "reopened the roads into", "held emergency talks about", "asked for more money for",
     "closed schools in", "set up new checkpoints near", "opened an inquiry into security in", "voiced concern about"),
    ("{place}", "{admin1} province", "the area", "the district", "the border region", "{ref}", "nearby villages",
     "the outskirts of {place}", "the main highway"),
    ("", "", " for the first time since {year}", " after the attack", " for the second time this month",
     " amid wider regional strain", " on {weekday} evening", " while the investigation goes on",
     ", a day after the blasts"))
_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_MONTHS = "January February March April May June July August September October November December".split()


def make_plan(articles: int, places: tuple[BenchPlace, ...], seed: int = DEFAULT_SEED) -> Plan:
    """Incidents and outlets for `articles` records: one incident per six reports, spread over 2025.
    Runs over 200k articles get a longer span, so that incidents per place per day stay plausible."""
    rng = random.Random(seed)
    outlets = tuple(f"{a} {b} (bench)" for a in _OUTLETS[0] for b in _OUTLETS[1])
    span = 365 * max(1, -(-articles // 200_000))
    days = sorted(date(2025, 1, 1) + timedelta(days=rng.randrange(span)) for _ in range(max(3, articles // 6)))
    incidents = []
    for index, day in enumerate(days):
        place = rng.choice(places)
        refs = [r for r in REFERENCE_CITIES.get(place.country, ("Baghdad",)) if r != place.name] or ["Baghdad"]
        incidents.append(BenchIncident(
            index, place, day, rng.choice(refs), rng.choice(_DIRECTIONS), rng.randrange(10, 200, 5),
            rng.choice(_TARGETS), rng.choice(_WEAPON_NAMES), rng.choice((1, 1, 2, 3, 4, 6, 9, 14)),
            rng.choice((0, 2, 3, 5, 8, 12, 20)), rng.choice(_ACTORS)))
    return Plan(articles, seed, tuple(incidents), outlets)


def _num(rng: random.Random, n: int) -> str:
    return _NUMBER_WORDS[n] if 0 < n < len(_NUMBER_WORDS) and rng.random() < 0.5 else str(n)


class _Slots(dict[str, str]):
    """Template values; {Holder} is {holder} with a capital first letter."""

    def __missing__(self, key: str) -> str:
        value = self[key[0].lower() + key[1:]]
        return value[:1].upper() + value[1:]


def _fill(template: str, slots: dict[str, str]) -> str:
    return template.format_map(_Slots(slots))


def _slots(rng: random.Random, inc: BenchIncident, outlet: str) -> dict[str, str]:
    place, d = inc.place, max(5, inc.distance_km + rng.choice((0, 0, -10, 10, 15, -20)))
    weapon = inc.weapon if rng.random() < 0.6 else rng.choice(_WEAPON_NAMES)
    return {"place": place.name, "admin1": place.admin1 or place.country, "ref": inc.reference,
            "town": rng.choice((place.name, inc.reference)), "actor": rng.choice(_ACTORS[:3]),
            "weekday": _WEEKDAYS[inc.day.weekday()], "target": inc.target, "bare": inc.target.split(" ", 1)[1],
            "outlet": outlet.removesuffix(" (bench)"), "perp": inc.perpetrator, "weapon": weapon,
            "kind": _WEAPONS[weapon].lower(), "other": rng.choice(_WEAPON_NAMES), "quote": rng.choice(_QUOTES),
            "q": rng.choice(("about ", "some ", "roughly ", "")), "dir": inc.direction, "d": str(d),
            "mi": str(round(d * 0.621)), "year": str(inc.day.year - rng.randrange(1, 4))}


def _claim(rng: random.Random, inc: BenchIncident, slots: dict[str, str]) -> dict[str, str]:
    """Slots for one claim: its own holder and figures near the incident's (rarely equal to another holder's)."""
    killed = max(1, inc.killed + rng.choice((-1, 0, 0, 0, 1, 2)))
    wounded = max(0, inc.wounded + rng.choice((-2, 0, 0, 1, 3, 5)))
    least = rng.random() < 0.3
    who = rng.choice(_WHO)[0 if killed == 1 and not least else 1]
    return {**slots, "k": ("at least " if least else "") + _num(rng, killed), "w": _num(rng, wounded), "who": who,
            "were": "was" if who in ("person", "fighter", "soldier", "civilian") else "were",
            "holder": _fill(rng.choice(_HOLDERS), slots)}


def _report(rng: random.Random, inc: BenchIncident, nth: int, outlet: str,
            older: BenchIncident | None) -> tuple[str, list[str]]:
    """Title and paragraphs of the nth report of an incident."""
    slots = _slots(rng, inc, outlet)
    title = _fill(rng.choice(_TITLES), _claim(rng, inc, slots))
    paras = [_fill(rng.choice(_LEAD), _claim(rng, inc, slots))]
    paras += [_fill(rng.choice(_CASUALTY), _claim(rng, inc, slots)) for _ in range(rng.choice((1, 1, 2, 3)))]
    if nth >= 3 and rng.random() < 0.4:
        paras.append(_fill(rng.choice(_UPDATE), _claim(rng, inc, slots)))
    paras += [_fill(rng.choice(pool), _claim(rng, inc, slots)) for pool, p in _CLAIMS if rng.random() < p]
    if older is not None:
        when = {"month": _MONTHS[older.day.month - 1], "year": str(older.day.year), "place": older.place.name,
                "target": older.target, "weapon": older.weapon, "k": _num(rng, older.killed),
                "who": _WHO[0][older.killed > 1]}
        paras.append(_fill(rng.choice(_BACKGROUND), {**_claim(rng, inc, slots), **when}))
    target, words = rng.randint(MIN_WORDS + 40, MAX_WORDS - 20), sum(len(p.split()) for p in paras)
    while words < target:
        parts = (rng.choice(part) for part in _GRAMMAR[:4])
        sentence = _fill(" ".join(p for p in parts if p) + rng.choice(_GRAMMAR[4]) + ".", slots)
        if words + len(sentence.split()) > MAX_WORDS - 20:
            break
        sentence = sentence[0].upper() + sentence[1:]
        if rng.random() < 0.4:
            paras.append(sentence)
        else:
            paras[-1] += " " + sentence
        words += len(sentence.split())
    return title, paras


def _url(outlet: str, day: date, serial: int) -> str:
    slug = outlet.removesuffix(" (bench)").lower().replace(" ", "-")
    return f"https://bench.briefbot.invalid/{slug}/{day:%Y/%m/%d}/story-{serial}"


def _republish(rng: random.Random, orig: SyntheticArticle, outlet: str, serial: int,
               place: BenchPlace) -> SyntheticArticle:
    """Wire copy under another outlet: new url and headline, maybe a spelling variant and a short paragraph
    cut, and a credit line. Stays at word 5-shingle Jaccard >= 0.6 with the original."""
    paras = orig.text.split("\n\n")
    if place.variants and rng.random() < 0.6:
        paras[0] = paras[0].replace(place.name, rng.choice(place.variants), 1)
    short = [i for i, p in enumerate(paras) if i > 1 and len(p.split()) < 40]
    if short and len(paras) > 5 and rng.random() < 0.5:
        del paras[rng.choice(short)]
    paras.append(f"(Reporting by {orig.outlet.removesuffix(' (bench)')}; "
                 f"editing by {outlet.removesuffix(' (bench)')} staff.)")
    day = date.fromisoformat(orig.published) + timedelta(days=rng.choice((0, 0, 1)))
    title = rng.choice(("{} - report", "UPDATE: {}", "{}", "{} (wire)")).format(orig.title)
    return SyntheticArticle("\n\n".join(paras), title, _url(outlet, day, serial), outlet, day.isoformat(),
                            orig.incident, copy_of=orig.url)


def articles(plan: Plan, wire_rate: float = WIRE_RATE) -> Iterator[SyntheticArticle]:
    """`plan.articles` records in rough publication order; memory stays bounded (only the last 50 are kept)."""
    rng = random.Random(plan.seed + 1)
    n, reports = len(plan.incidents), [0] * len(plan.incidents)
    recent: list[SyntheticArticle] = []
    for serial in range(plan.articles):
        if recent and rng.random() < wire_rate:
            orig = rng.choice(recent)
            outlet = rng.choice([o for o in plan.outlets[:40] if o != orig.outlet])
            yield _republish(rng, orig, outlet, serial, plan.incidents[orig.incident].place)
            continue
        inc = plan.incidents[min(n - 1, max(0, serial * n // plan.articles + rng.randint(-1, 1)))]
        older = plan.incidents[rng.randrange(inc.index)] if inc.index and rng.random() < 0.3 else None
        outlet = rng.choice(plan.outlets)
        nth = reports[inc.index] = reports[inc.index] + 1
        day = inc.day + timedelta(days=0 if nth <= 2 else rng.randint(1, 4))
        title, paras = _report(rng, inc, nth, outlet, older if older and older.place != inc.place else None)
        article = SyntheticArticle("\n\n".join(paras), title, _url(outlet, day, serial), outlet, day.isoformat(),
                                   inc.index)
        recent = (recent + [article])[-50:]
        yield article


def generate(count: int, places: tuple[BenchPlace, ...], seed: int = DEFAULT_SEED,
             wire_rate: float = WIRE_RATE) -> list[SyntheticArticle]:
    """All records at once: for tests and small runs."""
    return list(articles(make_plan(count, places, seed), wire_rate))
