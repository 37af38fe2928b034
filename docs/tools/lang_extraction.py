"""Extraction on its own, per report and per language, on the non-English reports of a scored set (docs/languages.md).
Usage: .venv/bin/python docs/tools/lang_extraction.py [../shared/corpus] [-v]
Every sentence goes through the detected language's rules; killed and wounded figures per report are compared with
gold, as evaluate.py's extraction_* figures, but without needing the report to reach an incident (places)."""
import json, re, sys
from pathlib import Path
from briefings.extract.lang.detect import LanguageDetector
from briefings.extract.lang.foreign import extract_foreign_claims
from briefings.extract.lang.rules import rules_for
from briefings.extract.sentences import split_sentences
root = Path(sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else "../shared/corpus"); gold = json.load(open(root / "gold.json"))
foreign = {e.split(" ")[0]: e.split("(")[1][:-1] for e in gold["conventions"]["non_english"]}
VAGUE = re.compile(r"dozen|score|hundred|thousand|several", re.I)
gc = {}
for inc in gold["incidents"]:
    for cl in inc["claims"]:
        if cl["field"] in ("killed", "wounded") and isinstance(cl["value"], (int, float)):
            gc.setdefault(cl["article"], set()).add((cl["field"], int(cl["value"])))
det = LanguageDetector(); per = {}; T = [0, 0, 0]
for name, want in sorted(foreign.items()):
    head, body = (root / "articles" / name).read_text().split("\n---\n", 1)
    lang = det.detect(body); r = rules_for(lang); s = set(); claims = []
    for sent in split_sentences(body):
        for c in extract_foreign_claims(sent, r) if r else []:
            claims.append(c)
            if c.field in ("killed", "wounded") and c.value_num is not None and not VAGUE.search(c.qualifier or ""):
                s.add((c.field, int(c.value_num)))
    g = gc.get(name, set()); p = per.setdefault(want, [0, 0, 0])
    for acc in (p, T):
        acc[0] += len(g & s); acc[1] += len(g); acc[2] += len(s)
    print(f"{name} {lang} missed={sorted(g - s)} spurious={sorted(s - g)}")
    if "-v" in sys.argv:
        for c in claims: print("    ", c.field, c.value, c.qualifier, "|", c.holder, "|", (c.victims or ""))
print("per language tp/gold/sys:", per)
print(f"direct extraction recall={T[0]/T[1]:.3f} precision={T[0]/max(T[2],1):.3f} ({T[0]}/{T[1]}, sys {T[2]})")
