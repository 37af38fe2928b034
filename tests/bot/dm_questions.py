"""Questions a new user would type, over the five seed reports and the bundled sample, each with the
incident(s) and the field a right answer gives. Written for these tests (no report text is copied).

A conversation is a list of turns asked in order by one user in one channel (follow-ups refer back).
Field "overview" expects the whole briefing, "list" a list holding every slug named, "none" a clear
"nothing matches" answer; any other field expects a short answer about that field of that incident.
"""
from __future__ import annotations

K, J, B = "kalsu-2024-04-19", "jurf-al-sakhar-2024-01-24", "baghdad-2024-01-04"
A23, A05, A08 = "ain-al-asad-2024-01-23", "ain-al-asad-2024-01-05", "ain-al-asad-2024-08"
Q, K1, T22 = "al-qaim-2019-12-29", "k1-base-2019-12-27", "tower-22-2024-01"
BAL, ERB, TUZ = "balad-air-base-2025-03-14", "erbil-air-base-2025-06-10", "tuz-khurmatu-2025-09-07"

Turn = tuple[str, tuple[str, ...], str]


def one(question: str, slug: str, field: str) -> list[Turn]:
    return [(question, (slug,), field)]


SINGLE: list[Turn] = [
    # Kalsu: every field, typos, other languages
    ("what happened at kalsu?", (K,), "overview"),
    ("kalso", (K,), "overview"),
    ("how many were hurt at kalsu?", (K,), "wounded"),
    ("who carried out the kalsu attack?", (K,), "perpetrator"),
    ("what hit the base at kalsu?", (K,), "weapon"),
    ("did anyone deny kalsu?", (K,), "denial"),
    ("toll kalsu", (K,), "killed"),
    ("how many dead in the kalzu blast", (K,), "killed"),
    ("kalsu injuries", (K,), "wounded"),
    ("how far from baghdad is kalsu", (K,), "distance_km"),
    ("was it a drone or a jet at kalso?", (K,), "weapon"),
    ("what do sources disagree on at kalsu?", (K,), "disputed"),
    ("sources for the kalsu explosion", (K,), "sources"),
    ("when was the kalsu blast?", (K,), "when"),
    ("what was targeted at kalsu", (K,), "target"),
    ("kalsu casualties", (K,), "killed"),
    ("Kalsu base: killed?", (K,), "killed"),
    ("KALSU DEATH TOLL??", (K,), "killed"),
    ("Whos behind the kalsu strike", (K,), "perpetrator"),
    ("how many ppl got killed in kalsu", (K,), "killed"),
    ("injured kalso", (K,), "wounded"),
    ("the blast at the PMF base near Iskandariya", (K,), "overview"),
    ("any deaths in babil in april 2024?", (K,), "killed"),
    ("the drone strike on the PMF base in April", (K,), "overview"),
    ("what happened at the base in kalsu on 19 april", (K,), "overview"),
    ("kalsu-2024-04-19 wounded", (K,), "wounded"),
    ("combien de morts à kalsu ?", (K,), "killed"),
    ("combien de blessés à Kalsu", (K,), "wounded"),
    ("qui est derrière l'attaque de kalsu ?", (K,), "perpetrator"),
    ("Kalsu : qui a nié ?", (K,), "denial"),
    ("¿cuántos muertos hubo en kalsu?", (K,), "killed"),
    ("¿cuántos heridos en Kalsu?", (K,), "wounded"),
    ("¿quién atacó la base de kalsu?", (K,), "perpetrator"),
    ("¿con qué arma atacaron kalsu?", (K,), "weapon"),
    ("¿a qué distancia de Bagdad está Kalsu?", (K,), "distance_km"),
    ("quantos mortos em kalsu?", (K,), "killed"),
    ("quanti morti a kalsu?", (K,), "killed"),
    ("wie viele Verletzte gab es in Kalsu?", (K,), "wounded"),
    ("kalsu كم عدد القتلى", (K,), "killed"),
    # Jurf al-Sakhar
    ("what happened at jurf al-sakhar?", (J,), "overview"),
    ("jurf", (J,), "overview"),
    ("jurf al sakar", (J,), "overview"),
    ("who struck jurf al sakhar?", (J,), "perpetrator"),
    ("how many were killed in the jurf al-sakhar strikes", (J,), "killed"),
    ("sources on jurf al-sakhar", (J,), "sources"),
    ("what was hit at jurf al sakhar", (J,), "target"),
    # Ain al-Asad: three incidents at one place
    ("what happened at ain al-asad in august 2024?", (A08,), "overview"),
    ("ain al asad january 5", (A05,), "overview"),
    ("how many were injured at ain al-asad on 20 January 2024?", (A23,), "wounded"),
    ("did the US deny the ain al-asad attack on 5 January?", (A05,), "denial"),
    ("rocket attack on ain al-asad and harir", (A05,), "overview"),
    ("harir base", (A05,), "overview"),
    ("ain al-asad attacks", (A08, A23, A05), "list"),
    ("were there any denials about the ain al asad attack on 5 january", (A05,), "denial"),
    ("who attacked ain al-asad on 23 january?", (A23,), "perpetrator"),
    # Baghdad
    ("what happened in baghdad on 4 january?", (B,), "overview"),
    ("who was killed in baghdad on january 4 2024", (B,), "killed"),
    ("palestine street drone strike", (B,), "overview"),
    ("how many injured in the baghdad drone strike in january 2024", (B,), "wounded"),
    ("who killed abu taqwa?", (B,), "perpetrator"),
    ("¿qué pasó en Bagdad el 4 de enero?", (B,), "overview"),
    ("did iraq deny cooperating on the baghdad strike in january 2024?", (B,), "denial"),
    # al-Qaim
    ("what happened at al-qaim in december 2019", (Q,), "overview"),
    ("how many died at qaim in 2019?", (Q,), "killed"),
    ("qaim toll", (Q,), "killed"),
    ("how many wounded in al qaim 2019", (Q,), "wounded"),
    ("deaths in al qaim", (Q,), "killed"),
    ("bilan des frappes à al-Qaïm en décembre 2019", (Q,), "killed"),
    ("who did the strikes in qaim in december 2019", (Q,), "perpetrator"),
    ("what was the toll in al-qaim-2019-12-29", (Q,), "killed"),
    # K1
    ("k1 base", (K1,), "overview"),
    ("who was blamed for the k1 rocket attack?", (K1,), "perpetrator"),
    ("k1 kirkuk killed", (K1,), "killed"),
    ("what hit k1 base in december 2019?", (K1,), "weapon"),
    ("was anyone hurt at k1?", (K1,), "wounded"),
    ("k1 who was responsible", (K1,), "perpetrator"),
    ("when was the k1 attack", (K1,), "when"),
    # Tower 22
    ("tower 22", (T22,), "overview"),
    ("what happened at tower 22 in jordan", (T22,), "overview"),
    ("tower 22 toll", (T22,), "killed"),
    ("how many died at tower 22?", (T22,), "killed"),
    ("what happened in jordan", (T22,), "overview"),
    # Balad (sample)
    ("balad air base", (BAL,), "overview"),
    ("how many killed at balad", (BAL,), "killed"),
    ("what changed in the balad toll?", (BAL,), "changes"),
    ("balad drone strike wounded", (BAL,), "wounded"),
    ("who is responsible for the balad attack", (BAL,), "perpetrator"),
    ("did anyone deny the balad strike?", (BAL,), "denial"),
    ("blessés à balad", (BAL,), "wounded"),
    ("is the balad death toll disputed?", (BAL,), "killed"),
    ("What weapon was used against Balad air base?", (BAL,), "weapon"),
    ("Balad: how far from Baghdad?", (BAL,), "distance_km"),
    ("any updates on balad?", (BAL,), "changes"),
    # Erbil (sample)
    ("what happened at erbil air base?", (ERB,), "overview"),
    ("how many were wounded in the erbil rocket attack", (ERB,), "wounded"),
    ("who fired the rockets at erbil air base?", (ERB,), "perpetrator"),
    ("erbil air base june 2025 what hit it", (ERB,), "weapon"),
    ("what was hit at erbil air base", (ERB,), "target"),
    ("erbil rocket attack toll", (ERB,), "killed"),
    ("who attacked erbil air base in june?", (ERB,), "perpetrator"),
    ("erbill airbase injured", (ERB,), "wounded"),
    # Tuz Khurmatu (sample)
    ("tuz khurmatu", (TUZ,), "overview"),
    ("tuz khurmato explosion deaths", (TUZ,), "killed"),
    ("how many hurt in tuz", (TUZ,), "wounded"),
    ("who denied the tuz khurmatu strike", (TUZ,), "denial"),
    ("was it an airstrike or an explosion at tuz khurmatu?", (TUZ,), "weapon"),
    ("what is disputed about tuz khurmatu", (TUZ,), "disputed"),
    ("¿qué arma se usó en Tuz Khurmatu?", (TUZ,), "weapon"),
    ("tuz khurmatu sources", (TUZ,), "sources"),
    ("casualties at tuz khurmatu?", (TUZ,), "killed"),
    ("tuz khurmatu distance from kirkuk", (TUZ,), "distance_km"),
    ("tell me about tuz-khurmatu-2025-09-07", (TUZ,), "overview"),
    ("Tuz Khurmatu : combien de morts ?", (TUZ,), "killed"),
    # Areas, radii, spans: lists
    ("what's happening in anbar?", (A08, A23, A05, Q), "list"),
    ("what's going on in babil", (K, J), "list"),
    ("incidents in iraq in december 2019", (Q, K1), "list"),
    ("any attacks in salah al-din?", (BAL, TUZ), "list"),
    ("list attacks in kirkuk province", (K1,), "list"),
    ("strikes in january 2024", (J, A23, A05, B), "list"),
    ("attacks near erbil", (ERB,), "list"),
    ("incidents within 100 km of erbil", (ERB,), "list"),
    ("ataques en Anbar", (A08, A23, A05, Q), "list"),
    ("attaques en Irak en janvier 2024", (J, A23, A05, B), "list"),
    ("anything in salah al-din last week?", (TUZ,), "list"),
    ("events on 27 dec 2019", (K1,), "list"),
    # Dates alone
    ("what happened on 4 january?", (B,), "overview"),
    ("what happened on 29 december 2019", (Q,), "overview"),
    # Nothing known
    ("what happened in mosul?", (), "none"),
    ("how many killed in kandahar", (), "none"),
    ("asdfgh qwerty", (), "none"),
    ("strikes in sudan", (), "none"),
    ("what happened at kalsu in 2015?", (), "none"),
]

CONVERSATIONS: list[list[Turn]] = [
    [("how many were killed at kalsu?", (K,), "killed"), ("and the wounded?", (K,), "wounded"),
     ("who said that?", (K,), "wounded"), ("what about the weapon?", (K,), "weapon"),
     ("how far from baghdad was it?", (K,), "distance_km")],
    [("tuz khurmatu", (TUZ,), "overview"), ("who did it?", (TUZ,), "perpetrator"),
     ("et les blessés ?", (TUZ,), "wounded"), ("¿y los muertos?", (TUZ,), "killed")],
    [("what happened at balad air base?", (BAL,), "overview"), ("what changed?", (BAL,), "changes"),
     ("sources?", (BAL,), "sources")],
    [("erbil air base", (ERB,), "overview"), ("when was it?", (ERB,), "when"), ("where exactly?", (ERB,), "where")],
    [("how many were hurt at kalsu?", (K,), "wounded"), ("and at balad?", (BAL,), "wounded"),
     ("what about tuz khurmatu?", (TUZ,), "wounded")],
    [("who was behind the strike in Jurf al-Sakhar", (J,), "perpetrator"), ("any denials?", (J,), "denial")],
]


def conversations() -> list[list[Turn]]:
    """Every single question as a conversation of its own, then the multi-turn ones."""
    return [[t] for t in SINGLE] + CONVERSATIONS
