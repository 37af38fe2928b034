"""The words of questions, per language: what each field is called, and the words that are never places.

Text is folded first (lower case, accents off: "blessés" → "blesses", "¿cuántos" → "cuantos"), so one
pattern serves both spellings. English, French, Spanish, Portuguese, Italian, German and Arabic; a new
language is new alternatives here, not new code.
"""
from __future__ import annotations

import re
import unicodedata

_FOLD = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "¿": " ", "¡": " ", "«": " ", "»": " ", "“": " ", "”": " "})


def fold(text: str) -> str:
    """Lower case without accents (Arabic letters kept): the form every pattern here is written for."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD).lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _rx(*alternatives: str) -> re.Pattern[str]:
    """Patterns are folded like the text they read (Arabic hamza forms included)."""
    return re.compile("|".join(f"(?:{fold(a)})" for a in alternatives))


ARMS = r"drones?|missiles?|rockets?|jets?|aircraft|planes?|air\s?strikes?|bombs?|mortars?|artillery|shells?|explosions?|misiles?|cohetes?|roquettes?|avions?"
#: Field → patterns, checked in this order; the span a field matched is not read again by later fields
#: ("who killed" asks for the perpetrator, not the toll).
FIELDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("sources", _rx(r"\bsources?\b(?!\s+(?:said|say|says|claim\w*|disagree\w*|agree\w*|differ\w*|dispute\w*|contradict\w*))", r"\bwho\s+(?:reported|covered|wrote)\b", r"\boutlets?\b",
                    r"\bwhich\s+(?:papers?|media|newspapers?)\b", r"\bcoverage\b", r"\barticles?\b", r"\blinks?\b",
                    r"\bfuentes?\b", r"\bfontes?\b", r"\bfonti\b", r"\bquellen\b", r"\bmedias\b", r"مصادر")),
    ("perpetrator", _rx(
        r"\bwho\s+(?:has\s+|have\s+)?(?:killed|did|carried|carry|launched|attacked|struck|hit|bombed|fired|shot|targeted|ordered|claimed|was\s+it|is\s+it|'s\s+behind)",
        r"\bwho\s*\??$", r"\bwho(?:'?s|\s+is|\s+was|\s+were|\s+are)\s+(?:behind|responsible|to\s+blame|blamed|suspected)", r"\bbehind\b",
        r"\bblam\w*", r"\bresponsib\w*", r"\bresponsab\w*", r"\bperpetrat\w*", r"\bculprits?\b", r"\baccus\w*", r"\battribut\w*",
        r"\bclaim(?:ed|s)?\b(?=\s+(?:responsibility|(?:the\s+)?(?:\w+\s+)?(?:attack|strike|bombing|blast)|it)\b)", r"\bwhich\s+(?:group|militia|country|side|army)\b",
        r"\bqui\s+(?:l'|les\s+)?(?:a|ont)\s+(?:fait|mene|lance|attaque|frappe|tire|bombarde|commis|perpetre|tue)\b",
        r"\bqui\s+(?:est|sont|etait)\s+(?:derriere|responsables?)\b", r"\bderriere\b", r"\brevendiqu\w*", r"\bauteurs?\b",
        r"\bcoupables?\b", r"\bquien(?:es)?\s+(?:lo\s+|la\s+|los\s+|las\s+)?(?:hicieron|ataco|atacaron|lanzo|lanzaron|fue|fueron|esta|estan|estuvo|hizo|perpetro|disparo|bombardeo|mato)\b",
        r"\bdetras\b", r"\breivindic\w*", r"\bautor(?:es|ia)?\b", r"\bculpab\w*", r"\bquem\s+(?:o\s+|a\s+)?(?:atacou|lancou|foi|esta|fez|fizeram|matou)\b",
        r"\bpor\s+tras\b", r"\bchi\s+(?:l'|lo\s+|la\s+)?(?:ha|e|c'e|sono|hanno)\b", r"\bdietro\b", r"\bwer\s+(?:hat|war|steckt|ist)\b",
        r"\bverantwort\w*", r"\bdahinter\b", r"من\s+(?:يقف|نفذ|هاجم|شن|المسؤول)", r"المسؤول", r"مسؤولية", r"تبنى")),
    ("denial", _rx(r"\bden(?:y|ied|ies|ial|ials|ying)\b", r"\breject\w*", r"\bdismiss\w*", r"\bdisown\w*", r"\brefut\w*",
                   r"\bdementi\w*", r"\bdement(?:ent)?\b", r"\bnie(?:r|nt)\b", r"\ba\s+nie\b", r"\bneg(?:o|aron|ado|ar|ou|aram|ato|ano)\b",
                   r"\bniega\w*", r"\bdesminti\w*", r"\bdesment\w*", r"\bsmenti\w*", r"\bbestr[ei]\w*", r"\bleugne\w*",
                   r"نفى", r"نفت", r"ينفي", r"نفي")),
    ("distance_km", _rx(r"\bhow\s+(?:far|close)\b", r"\b(?:is|was)\b(?=(?:\s+[^\s]+){1,3}\s+(?:near|close\s+to|far\s+from)\b)", r"\bdistan\w*", r"\bhow\s+many\s+(?:km|kilomet\w*|miles)\b",
                        r"\ba\s+quelle\s+distance\b", r"\bloin\b", r"\blejos\b", r"\blonge\b", r"\blontano\b",
                        r"\bentfern\w*", r"\bwie\s+weit\b", r"مسافة", r"كم\s+تبعد")),
    ("target", _rx(r"\bwhat\s+(?:was|were)\s+(?:hit|struck|targeted|attacked|the\s+targets?)\b", r"\btargets?\b", r"\btargeted\b",
                   r"\bwhat\s+did\s+(?:they|it|the\s+\w+)\s+(?:hit|target|strike)\b", r"\bcibl\w*", r"\bobjetivos?\b",
                   r"\bblancos?\b", r"\balvos?\b", r"\bobiettiv\w*", r"\bziel\w*", r"هدف", r"استهدف")),
    ("weapon", _rx(r"\bwhat\s+(?:\w+\s+){1,2}(?:hit|struck)\b", r"\b(?:was|were)\s+used\b", rf"\b(?:{ARMS})\s+(?:hit|struck)\b",
                   rf"\b(?:what|which)\s+(?:kind|type|sort)\s+of\s+(?:{ARMS})",  r"\bwhat\s+(?:hit|struck|caused|kind\s+of\s+(?:weapon|attack|strike)|type\s+of\s+(?:weapon|attack|strike)|was\s+used|weapons?)",
                   r"\bwhat\s+did\s+(?:they|the\s+attackers)\s+use\b", r"\bweapon\w*", r"\bwith\s+what\b", r"\bhow\s+(?:was|were)\s+(?:it|they|the\s+\w+)\s+(?:attacked|hit|struck|carried\s+out|done)",
                   r"\bhow\s+did\s+(?:they|it)\s+(?:attack|strike|hit)", rf"\b(?:{ARMS})\s+(?:or|ou|o)\s+(?:an?\s+|des?\s+|un\s+)?(?:{ARMS}|something)",
                   rf"\b(?:was|were)\s+(?:it|they)\s+(?:an?\s+)?(?:{ARMS}|accident)", r"\barmes?\b", r"\barmas?\b", r"\barmi\b",
                   r"\bavec\s+quoi\b", r"\bqu'?est-ce\s+qui\s+a\s+(?:frappe|touche|vise|explose)", r"\bquel(?:le)?\s+type\s+d'?(?:arme|attaque|frappe)",
                   r"\bcon\s+que\b", r"\bque\s+(?:golpeo|impacto|alcanzo|se\s+uso|usaron)\b", r"\bque\s+tipo\s+de\s+(?:arma|ataque)",
                   r"\bcom\s+o\s+que\b", r"\bcon\s+cosa\b", r"\bwaffen?\b", r"\bwomit\b", r"سلاح", r"بماذا")),
    ("wounded", _rx(r"\bwound\w*", r"\binjur\w*", r"\bhurt\b", r"\bhospitali[sz]ed\b", r"\bbless(?:e|es|ee|ees|ure|ures)\b",
                    r"\bherid[oa]s?\b", r"\blesionad\w*", r"\bferid[oa]s?\b", r"\bferit[ioe]\b", r"\bverletz\w*", r"\bverwundet\w*",
                    r"جرحى", r"جريح", r"مصاب", r"إصابات", r"اصابات")),
    ("killed", _rx(r"\bkill\w*", r"\bdead\b", r"\bdeaths?\b", r"\bdied\b", r"\bfatalit\w*",
                   r"\bcasualt\w*", r"\btolls?\b", r"\blives\b", r"\bbodies\b", r"\bslain\b", r"\bmort(?:s|es?)?\b", r"\btue(?:s|e|es)?\b",
                   r"\bdeces\b", r"\bbilan\b", r"\bvictim\w*", r"\bmuert[oa]s?\b", r"\bmuertes\b", r"\bfallecid\w*", r"\bmurieron\b",
                   r"\bmurio\b", r"\bbalance\b", r"\bmortos\b", r"\bmortes\b", r"\bmorreram\b", r"\bmorti\b", r"\buccis[io]\b",
                   r"\bvittime\b", r"\btote[n]?\b", r"\bstarben\b", r"\bgestorben\b", r"\bums\s+leben\b", r"\bgetotet\w*", r"\btodesopfer\b", r"\bopfer\b", r"قتلى", r"قتيل", r"ضحايا", r"مقتل")),
    ("disputed", _rx(r"\bdisput\w*", r"\bdisagree\w*", r"\bcontest\w*", r"\bconflicting\b", r"\bcontradict\w*", r"\bagree\b",
                     r"\bdesaccord\b", r"\bdesacuerdo\b", r"\bdiscrepan\w*", r"\bcontradic\w*", r"\bumstritten\b", r"\bdisaccordo\b",
                     r"\bdivergen\w*", r"خلاف")),
    ("changes", _rx(r"\bwhat(?:'s|\s+has)?\s+changed\b", r"\btimeline\b", r"\bevolv\w*", r"\bevolu\w*", r"\bchanges?\b", r"\bupdat\w*", r"\brevised\b", r"\bhistory\b",
                    r"\bnew\s+figures?\b", r"\bmise\s+a\s+jour\b", r"\bchange\b", r"\bcambi\w*", r"\bactualiz\w*", r"\baggiorn\w*",
                    r"\baktualisier\w*", r"\bgeandert\b", r"تحديث")),
    ("when", _rx(r"^when\b", r"\bwhen\s*\??$", r"\bwhen\s+(?:did|was|were|is|exactly)\b", r"\bwhat\s+(?:day|date|time)\b", r"\bwhich\s+day\b",
                 r"\bquand\b", r"\bquelle\s+date\b", r"\bcuando\b", r"\bque\s+(?:dia|fecha)\b", r"\bquando\b", r"\bwann\b", r"متى")),
    ("where", _rx(r"^where\b", r"\bwhere\s+(?:did|was|were|is|exactly)\b", r"\bou\s+(?:a|est|se|etait)\b", r"\bdonde\b",
                  r"\bonde\b", r"\bdove\b", r"\bwo\s+(?:war|ist|fand)\b", r"أين")),
)
#: A follow-up about another incident asks the same field again: "and at balad?", "what about tuz?".
FOLLOW_ON = re.compile(r"^(?:and|so|ok|what\s+about|how\s+about|same\s+for|et|y|e|und|und\s+in)\b")
#: "tell me more", "details?", "en savoir plus": the whole briefing of the last answer's incident.
MORE = _rx(r"\bmore\b", r"\bdetails?\b", r"\beverything\b", r"\bfull\s+(?:briefing|story|picture|report)\b",
           r"\bplus\b", r"\bdetalles?\b", r"\bmas\b", r"\bmais\b", r"\bdettagli\b", r"\bdi\s+piu\b", r"\bmehr\b",
           r"\beinzelheiten\b", r"المزيد", r"تفاصيل")
#: "who said that?", "et qui l'a dit ?": the holders of the last answer's field.
WHO_SAID = _rx(r"\baccording\s+to\s+whom\b", r"\bsays\s+who\b", r"\bwho\s+says\s+so\b", r"\bselon\s+qui\b", r"\bsegun\s+quien\b",r"\bwho\s+(?:said|says|claimed|claims|reported|reports)\s+(?:that|this|it|so)\b", r"\bqui\s+(?:l'a|a)\s+dit\b",
               r"\bquien\s+(?:lo\s+)?dijo\b", r"\bquem\s+disse\b", r"\bchi\s+l'ha\s+detto\b", r"\bwer\s+sagt\b")
#: A list is asked for: "what's happening in anbar?", "attacks near erbil", "any incidents in sudan?".
LIST = _rx(r"\b(?:incidents|attacks|strikes|events|bombings|clashes|anything)\b", r"\bwhat(?:'s|s|\s+is)\s+(?:happening|going\s+on)\b",
           r"\bany\s+(?:news|attacks?|strikes?|incidents?)\b", r"\blist\b", r"\bshow\s+(?:me\s+)?all\b", r"\ball\s+the\b",
           r"\b(?:attaques|frappes|evenements)\b", r"\bque\s+se\s+passe", r"\b(?:incidentes|ataques|eventos|ataques)\b",
           r"\bque\s+(?:pasa|esta\s+pasando)\b", r"\b(?:angriffe|vorfalle)\b", r"\b(?:attacchi|incidenti)\b", r"\bataques\b")
#: "near Erbil", "within 30 km of Erbil": a radius around a place (km when given).
NEAR = re.compile(r"\b(?:near(?:by)?|around|close\s+to|outside(?:\s+of)?|in\s+the\s+vicinity\s+of|not\s+far\s+from"
                  r"|within\s+(?P<n>\d+)\s*(?:km|kms|kilomet\w*|(?P<mi>miles?))\s+(?:of|from)"
                  r"|pres\s+de|autour\s+de|aux\s+alentours\s+de|cerca\s+de|alrededor\s+de|perto\s+de|vicino\s+a|in\s+der\s+nahe\s+von|nahe|قرب)\s*$")
#: A reference city after "from" in a distance question is not where the incident was.
FROM = re.compile(r"\b(?:from|de|desde|da|von|du|del|عن|من)\s+(?:the\s+)?$")

#: Words that are never (part of) a place name to look up: function words, question words, event nouns.
STOP = frozenset("""
a an the at in on of to for from by with and or but nor is was were are be been being has have had do does did done
what whats what's who whom whose which when where why how many much any anyone anybody anything some someone something
there their they them it its it's this that these those me my i i'm you your we our us please tell show give know
knew about happened happen happens happening going go went latest news update updates info information details detail
briefing brief attack attacks attacked strike strikes struck incident incidents event events blast blasts explosion
people person persons number numbers figure figures say said says report reported reports reporting exactly really still
also just only else so ok okay hey hi hello thanks thank near nearby around close within km kms kilometres kilometers
miles far up out all last past week weeks month months year years day days today yesterday tonight ago recent recently
lately now then again more most least total final official officially confirmed confirm can could would should will
shall may might must get got getting let lets let's like whole full everything same other another new old first one
two three four five six seven eight nine ten dozen dozens hundreds many was there's whats's happend hapened happenned
according whom reportedly allegedly actually apparently basically currently again anyway though
since until till before after between during throughout depuis jusqu avant apres entre desde hasta antes despues
durante ate seit bis vor nach zwischen dal dalla fino prima dopo
savoir saber wissen sapere please merci gracias obrigado grazie danke
quick quickly summary summarise summarize explain describe mean means any? fighters soldiers civilians troops members
le la les l un une des du de d au aux en dans sur pour par avec et ou est sont ete ont il elle ils elles on ce cette ces
se s n ne pas plus y combien quel quelle quels quelles qui que quoi qu comment a-t-il t-il y-a-t-il lors pendant
hubo hay el los las unos unas del al con por para y o es son fue fueron ha han cuantos cuantas cuanto cuanta quien quienes
como donde cuando lo le muy ya sobre hubieron habia hay? ocurrio paso pasado sucedio
o os as um uma do da dos das no na nos nas em foi foram quantos quantas quem houve aconteceu
il lo gli uno di da per stato stati sono quanti quante chi cosa successo ci c'e
der die das den dem des ein eine einer eines und oder im am an bei mit von zu ist sind war waren wurden wurde wie viele
wer was gab es gibt passiert
في من على عن كم هل ما ماذا إلى الى عدد هناك الذي التي هو هي كان كانت تم
""".split())
#: Event and field nouns: kept to match an incident's facts, never looked up as places.
NOT_PLACE = frozenset("""
drone drones missile missiles rocket rockets jet jets aircraft airstrike airstrikes air-strike bomb bombs bombing
mortar mortars shelling shells artillery explosion explosions raid raids ambush attack strike killed dead wounded
injured hurt toll casualties deaths died victims weapon weapons deny denied denial responsible behind blamed
militia militias group forces force army military us u.s. american americans iraqi iraqis iranian israeli
kill kills target targets targeted sources source outlets disputed conflicting changed base bases camp airport
morts tues blesses victimes muertos heridos fallecidos victimas mortos feridos morti feriti tote verletzte
frappe frappes attaque attaques ataque ataques ataco misil misiles cohete cohetes avion avions aviones
""".split())
