"""Zero and unknown casualty figures: "no one was killed" is a zero; "no word of casualties" is a note, never a zero."""
from __future__ import annotations

import re

ZERO_NOUN = (r"(?P<what>casualties|deaths|injuries|fatalities|victims|dead|wounded|injured|harm|"
             r"loss(?:es)?\s+of\s+(?:life|lives))")
ZEROS = [
    re.compile(rf"\b(?:did\s+not|didn't|does\s+not|failed\s+to)\s+(?:lead\s+to|result\s+in|cause)\s+(?:any\s+)?"
               rf"{ZERO_NOUN}", re.I),
    re.compile(rf"\bno\s+{ZERO_NOUN}\b", re.I),
    re.compile(rf"\bwithout\s+(?:causing\s+|leaving\s+|any\s+)+{ZERO_NOUN}", re.I),
    re.compile(r"\b(?:no\s*-?\s*one|nobody|none(?:\s+of\s+(?P<v2>(?:its|their|our|the)\s+[\w-]+))?|no\s+(?P<victims>(?:[A-Z][\w-]*\s+)?(?:people|person|civilians|soldiers|"
               r"personnel|troops|staff|workers|employees|passengers|residents|service\s+members)))\s+(?:[\w'’-]+\s+){0,2}?"
               r"(?:was|were|has\s+been|have\s+been|had\s+been|got)\s+(?:\w+\s+)?(?P<what>killed|hurt|injured|wounded|"
               r"harmed)\b", re.I),
]
UNCERTAIN = [
    (re.compile(r"\bno\s+(?:immediate\s+|official\s+)?(?:word|reports?|information|details|news|indication|"
                r"confirmation|figures?)\s+(?:of|on|about|regarding)\s+(?:any\s+)?(?:the\s+)?(?:number\s+of\s+)?"
                r"(?:casualties|deaths|injuries|fatalities|victims|dead|wounded)", re.I), "no word of casualties yet"),
    (re.compile(r"\b(?:not|n't)\s+(?:yet\s+|immediately\s+)*(?:confirm(?:ed)?|disclose[d]?|report(?:ed)?|give[n]?|"
                r"provide[d]?|release[d]?|reveal(?:ed)?)\s+(?:any\s+)?(?:details\s+(?:of|on|about)\s+)?(?:any\s+)?"
                r"(?:casualties|deaths|injuries|victims|(?:a|the)\s+(?:death\s+)?toll)", re.I), "casualties not confirmed"),
    (re.compile(r"\b(?:not|un)\s*(?:yet\s+)?(?:clear|known)\s+(?:whether|if|how\s+many)\b[^.;]{0,40}?"
                r"\b(?:killed|hurt|injured|wounded|casualties|dead)\b", re.I), "unclear whether anyone was hurt"),
]
