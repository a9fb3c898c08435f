"""Script-aware normalisation of Serbian text: transliteration, comparison keys, tokens, slugs."""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Final

__all__ = [
    "cyrillic_to_latin",
    "fold",
    "is_cyrillic",
    "latin_to_cyrillic",
    "nfc",
    "slugify_sr",
    "tokens",
]

# ---------------------------------------------------------------------------
# Alphabets
# ---------------------------------------------------------------------------

# Serbian Cyrillic (lower case) -> Serbian Latin (Gaj). The three digraph letters are
# written in title case for their capitals here; all-caps contexts are handled separately.
# fmt: off
_SR_CYR_TO_LAT_LOWER: Final[dict[str, str]] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e", "ж": "ž",
    "з": "z", "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n",
    "њ": "nj", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "ć", "у": "u",
    "ф": "f", "х": "h", "ц": "c", "ч": "č", "џ": "dž", "ш": "š",
    # Stressed forms that exist precomposed and are used to disambiguate (e.g. "сѐ").
    "ѐ": "è", "ѝ": "ì",
}
# fmt: on

_CYR_TO_LAT_TABLE: Final[dict[int, str]] = {
    **{ord(cyr): lat for cyr, lat in _SR_CYR_TO_LAT_LOWER.items()},
    **{ord(cyr.upper()): lat.capitalize() for cyr, lat in _SR_CYR_TO_LAT_LOWER.items()},
}

_CYR_UPPER_DIGRAPH_RE: Final = re.compile("[ЉЊЏ]")
_CYR_UPPER_DIGRAPH_FULL: Final[dict[str, str]] = {"Љ": "LJ", "Њ": "NJ", "Џ": "DŽ"}

# Serbian Latin -> Cyrillic, single letters (digraphs lj/nj/dž are handled by a regex).
# fmt: off
_SR_LAT_TO_CYR_LOWER: Final[dict[str, str]] = {
    "a": "а", "b": "б", "c": "ц", "č": "ч", "ć": "ћ", "d": "д", "đ": "ђ", "e": "е",
    "f": "ф", "g": "г", "h": "х", "i": "и", "j": "ј", "k": "к", "l": "л", "m": "м",
    "n": "н", "o": "о", "p": "п", "r": "р", "s": "с", "š": "ш", "t": "т", "u": "у",
    "v": "в", "z": "з", "ž": "ж",
}
# fmt: on

_NO_DIGRAPH: Final = "\x00"  # marker that splits a letter pair which is not a digraph
# fmt: off
_LAT_TO_CYR_TABLE: Final[dict[int, str | None]] = {
    **{ord(lat): cyr for lat, cyr in _SR_LAT_TO_CYR_LOWER.items()},
    **{ord(lat.upper()): cyr.upper() for lat, cyr in _SR_LAT_TO_CYR_LOWER.items()},
    # Unicode's single-code-point digraph letters (U+01C4..U+01CC).
    0x01C4: "Џ", 0x01C5: "Џ", 0x01C6: "џ",  # DŽ Dž dž
    0x01C7: "Љ", 0x01C8: "Љ", 0x01C9: "љ",  # LJ Lj lj
    0x01CA: "Њ", 0x01CB: "Њ", 0x01CC: "њ",  # NJ Nj nj
    ord(_NO_DIGRAPH): None,
}
# fmt: on

_LAT_DIGRAPH_RE: Final = re.compile("[LlNn][Jj]|[Dd][Žž]")
_LAT_DIGRAPH_TO_CYR: Final[dict[str, str]] = {"l": "љ", "n": "њ", "d": "џ"}

_SERBIAN_LATIN_LETTERS: Final[frozenset[str]] = frozenset(
    "".join(_SR_LAT_TO_CYR_LOWER) + "".join(_SR_LAT_TO_CYR_LOWER).upper() + "ǄǅǆǇǈǉǊǋǌ"
)

# Cyrillic letters, excluding combining marks and signs (Unicode 16 blocks, plus the two
# Cyrillic letters in Phonetic Extensions).
_CYRILLIC_LETTER_RE: Final = re.compile(
    "[\u0400-\u0481\u048a-\u052f\u1c80-\u1c8f\u1d2b\u1d78\ua640-\ua66e\ua67f-\ua69d"
    "\U0001e030-\U0001e06d]"
)

# ---------------------------------------------------------------------------
# Latin -> Cyrillic heuristics (foreign words stay Latin)
# ---------------------------------------------------------------------------

# Technical terms and brand names that Serbian Cyrillic text keeps in Latin script. Matched
# case-insensitively, optionally followed by a Serbian case ending ("Pythonu", "Javom",
# "Dockera"). Words that are also common Serbian words (mig, mag, seo, go, perl-a) are left
# out on purpose: their upper-case acronym forms (MIG, MAG, SEO) stay Latin via the
# acronym rule. Terms containing q, w, x or y need not be listed: they stay Latin anyway.
# fmt: off
_FOREIGN_TERMS: Final[frozenset[str]] = frozenset({
    "adobe", "android", "angular", "ansible", "api", "archicad", "autocad", "bash", "bitbucket",
    "blender", "canva", "catia", "cnc", "crm", "css", "django", "docker", "ecdl", "erp", "figma",
    "flask", "gimp", "git", "github", "gitlab", "google", "haccp", "hibernate", "html",
    "illustrator", "indesign", "instagram", "ios", "it", "java", "javascript", "jenkins", "jira",
    "json", "kotlin", "laravel", "linkedin", "matlab", "microsoft", "mongodb", "nodejs", "npm",
    "office", "oracle", "outlook", "photoshop", "php", "plc", "postgres", "power", "premiere",
    "react", "redis", "revit", "sap", "scada", "scrum", "sketchup", "spring", "sql", "tableau",
    "teams", "terraform", "tiktok", "unreal", "vue", "zoom",
})
_SERBIAN_CASE_ENDINGS: Final[tuple[str, ...]] = (
    "a", "e", "i", "u", "om", "em", "ov", "ova", "ove", "ovi", "ovu", "ovom", "ovim",
    "ovima", "ama", "ima",
)
# fmt: on
# Serbian one-letter words; as the first word of a text ("U Nišu", "I ja") they are not
# acronyms even when written as a capital letter.
_SERBIAN_ONE_LETTER_WORDS: Final[frozenset[str]] = frozenset("AIUOSKV")
_VOWELS: Final[frozenset[str]] = frozenset("AEIOUaeiou")

# Letter pairs that look like digraphs but straddle a prefix/root boundary or belong to a
# loanword. Prefix rules apply at the start of a word, infix rules anywhere in it; the index
# is where, within the pattern, the pair is split (between "d|ž" or "n|j").
_NON_DIGRAPH_PREFIXES: Final[tuple[str, ...]] = ("nadž", "odž", "podž", "predž")
# ...except these genuine words with "џ" after the same letters: оџак, оџачар, наџак.
_NON_DIGRAPH_PREFIX_EXCEPTIONS: Final[tuple[str, ...]] = (
    "odžak",
    "odžac",
    "odžač",
    "nadžak",
    "nadžac",
)
_NON_DIGRAPH_INFIXES: Final[tuple[str, ...]] = (
    "injek",  # injekcija, injektor
    "injunk",  # injunkcija
    "konjug",  # konjugacija
    "konjunk",  # konjunktura, konjunkcija
    "konjuk",  # konjuktura (common misspelling of konjunktura)
    "tanjug",  # Tanjug
    "vanjezi",  # vanjezički, izvanjezički
)

_WORD_RE: Final = re.compile(r"[^\W_]+[+#]*")
_CAMEL_RE: Final = re.compile("[a-z][A-Z]")


def _is_foreign_term(lower_word: str) -> bool:
    if lower_word in _FOREIGN_TERMS:
        return True
    for ending in _SERBIAN_CASE_ENDINGS:
        if len(lower_word) > len(ending) and lower_word.endswith(ending):
            stem = lower_word[: -len(ending)]
            if stem in _FOREIGN_TERMS or stem + "a" in _FOREIGN_TERMS:
                return True
    return False


def _is_serbian_spelling(word: str) -> bool:
    """True if every character is a Serbian Latin letter or a Cyrillic letter."""
    return all(ch in _SERBIAN_LATIN_LETTERS or _CYRILLIC_LETTER_RE.match(ch) for ch in word)


def _stays_latin(word: str, *, first: bool, all_caps_serbian: bool) -> bool:
    """Decide whether a word of a Latin text is kept as is by :func:`latin_to_cyrillic`."""
    if not _is_serbian_spelling(word):
        return True  # digits, q/w/x/y, foreign diacritics, trailing + or #
    if _is_foreign_term(word.lower()):
        return True
    if not word.isascii():
        return False
    if _CAMEL_RE.search(word):
        return True  # AutoCAD, iPhone, PowerPoint
    if word.isupper() and len(word) <= 4 and not all_caps_serbian:
        return not (first and word in _SERBIAN_ONE_LETTER_WORDS)
    return False


def _looks_like_serbian_word(word: str) -> bool:
    return _is_serbian_spelling(word) and not _is_foreign_term(word.lower())


def _is_all_caps_serbian(text: str, words: list[str]) -> bool:
    """True if the whole text is upper case and clearly Serbian, not just acronyms."""
    if not text.isupper():
        return False
    candidates = [w for w in words if _looks_like_serbian_word(w)]
    if any(not w.isascii() or len(w) >= 5 for w in candidates):
        return True
    voiced = [w for w in candidates if len(w) >= 2 and not _VOWELS.isdisjoint(w)]
    return len(voiced) >= 2


def _mark_non_digraphs(word: str) -> str:
    lower = word.lower()  # 1:1 in length for Serbian Latin and Cyrillic letters
    cuts: list[int] = []
    if lower.startswith(_NON_DIGRAPH_PREFIXES) and not lower.startswith(
        _NON_DIGRAPH_PREFIX_EXCEPTIONS
    ):
        cuts.append(lower.index("dž") + 1)
    for infix in _NON_DIGRAPH_INFIXES:
        start = lower.find(infix)
        while start != -1:
            cuts.append(start + infix.index("nj") + 1)
            start = lower.find(infix, start + 1)
    if not cuts:
        return word
    for cut in sorted(set(cuts), reverse=True):
        word = word[:cut] + _NO_DIGRAPH + word[cut:]
    return word


def _digraph_to_cyrillic(match: re.Match[str]) -> str:
    pair = match.group()
    letter = _LAT_DIGRAPH_TO_CYR[pair[0].lower()]
    return letter.upper() if pair[0].isupper() else letter


def _word_to_cyrillic(word: str) -> str:
    word = _mark_non_digraphs(word)
    word = _LAT_DIGRAPH_RE.sub(_digraph_to_cyrillic, word)
    return word.translate(_LAT_TO_CYR_TABLE)


# ---------------------------------------------------------------------------
# fold() translation table
# ---------------------------------------------------------------------------

# Applied after NFKD + casefold, so only lower-case letters without a decomposition need
# entries. Non-Serbian Cyrillic letters are folded too, so keys never contain Cyrillic
# for modern Serbian, Macedonian, Russian, Ukrainian, Belarusian and Bulgarian text.
# fmt: off
_FOLD_EXPLICIT: Final[dict[str, str]] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "dj", "е": "e", "ж": "z",
    "з": "z", "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n",
    "њ": "nj", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "c", "у": "u",
    "ф": "f", "х": "h", "ц": "c", "ч": "c", "џ": "dz", "ш": "s",
    "ѕ": "dz", "є": "je", "і": "i", "ґ": "g", "ы": "y", "э": "e", "ю": "ju", "я": "ja",
    "щ": "sc", "ъ": "", "ь": "",
    "đ": "dj", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th", "ð": "d",
    "ħ": "h",
}
# fmt: on


class _FoldTable(dict[int, str | None]):
    """``str.translate`` table for :func:`fold`, filled lazily one code point at a time.

    Combining marks and invisible format characters are deleted; punctuation, symbols,
    separators and control characters become a space (except ``+`` and ``#``); the
    explicit transliterations above apply; any letter still upper case after casefolding
    (Cherokee) is lowered; everything else maps to itself.
    """

    def __missing__(self, key: int) -> str | None:
        ch = chr(key)
        value: str | None
        if ch in _FOLD_EXPLICIT:
            value = _FOLD_EXPLICIT[ch]
        elif ch in "+#":
            value = ch
        else:
            category = unicodedata.category(ch)
            if category in ("Mn", "Me", "Cf"):
                value = None
            elif category[0] in "PSZ" or category == "Cc":
                value = " "
            elif ch.isupper():
                value = ch.lower()
            else:
                value = ch
        self[key] = value
        return value


_FOLD_TABLE: Final = _FoldTable()

# A run of "+"/"#" survives only when it directly follows a letter and is not followed by a
# letter or digit: "c++", "c#", "f#" stay; "a+b", "+381", "5+ godina", "#tag" lose it.
_STRAY_PLUS_HASH_RE: Final = re.compile(r"(?<![+#])(?:(?<![^\W\d_])[+#]+|[+#]+(?=[^\W_]))")
_SLUG_REPLACEMENTS: Final[dict[int, str]] = {ord("+"): "p", ord("#"): "sharp", ord(" "): "-"}
_SLUG_JUNK_RE: Final = re.compile(r"[^a-z0-9]+")


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def nfc(text: str) -> str:
    """Return ``text`` in Unicode Normalisation Form C."""
    return unicodedata.normalize("NFC", text)


def is_cyrillic(text: str) -> bool:
    """Return True if ``text`` contains at least one Cyrillic letter (any language)."""
    return _CYRILLIC_LETTER_RE.search(text) is not None


def _upper_cyrillic_digraph(match: re.Match[str]) -> str:
    text = match.string
    i = match.start()
    following = text[i + 1 : i + 2]
    previous = text[i - 1 : i]
    if following.isupper() or (not following.isalpha() and previous.isupper()):
        return _CYR_UPPER_DIGRAPH_FULL[match.group()]
    return _CYR_TO_LAT_TABLE[ord(match.group())]


def cyrillic_to_latin(text: str) -> str:
    """Transliterate Serbian Cyrillic to Serbian Latin (Gaj's alphabet).

    ``љ њ џ`` become ``lj nj dž``; their capitals become ``LJ NJ DŽ`` inside all-caps words
    ("ЉУБА" -> "LJUBA", "КОЊ" -> "KONJ") and ``Lj Nj Dž`` otherwise ("Љубљана" ->
    "Ljubljana", a lone "Љ" -> "Lj"). Anything that is not Serbian Cyrillic (Latin,
    digits, Russian or Macedonian letters such as "ы" or "ќ") passes through unchanged.
    Input and output are NFC.
    """
    text = nfc(text)
    text = _CYR_UPPER_DIGRAPH_RE.sub(_upper_cyrillic_digraph, text)
    return nfc(text.translate(_CYR_TO_LAT_TABLE))


def latin_to_cyrillic(text: str) -> str:
    """Transliterate Serbian Latin to Serbian Cyrillic, leaving foreign words in Latin.

    ``lj nj dž`` (in any case, or as the single code points U+01C4..U+01CC) become
    ``љ њ џ``, except across a prefix boundary or in a few loanwords ("nadživeti" ->
    "надживети", "podžupan" -> "поджупан", "injekcija" -> "инјекција", "konjunktura" ->
    "конјунктура"). ``dj`` is left as ``дј`` (it is not treated as ``đ``).

    A word stays Latin when it contains anything other than Serbian Latin letters (digits,
    q, w, x, y, foreign diacritics, a trailing ``+``/``#``), is a listed technical term
    or brand, possibly with a Serbian case ending ("Pythonu", "Javom", "HTML"), is camel
    case ("AutoCAD"), or is an all-caps word of at most four letters (acronyms and licence
    categories such as "IT", "CNC", "C"). That last rule is lifted when the whole text is
    upper-case Serbian ("NOVI SAD", "ZAVOD ZA ZAPOŠLJAVANJE"), and for the one-letter
    Serbian words A I U O S K V at the very start of the text ("U Nišu" -> "У Нишу").
    Cyrillic, digits, punctuation and spacing are kept as they are. Output is NFC.
    """
    text = nfc(text)
    matches = list(_WORD_RE.finditer(text))
    if not matches:
        return text
    all_caps_serbian = _is_all_caps_serbian(text, [m.group() for m in matches])
    first_pos = matches[0].start()

    def convert(match: re.Match[str]) -> str:
        word = match.group()
        if _stays_latin(word, first=match.start() == first_pos, all_caps_serbian=all_caps_serbian):
            return word
        return _word_to_cyrillic(word)

    return nfc(_WORD_RE.sub(convert, text))


def _fold(text: str) -> str:
    text = text.lower() if text.isascii() else unicodedata.normalize("NFKD", text).casefold()
    text = text.translate(_FOLD_TABLE)
    if "+" in text or "#" in text:
        text = _STRAY_PLUS_HASH_RE.sub(" ", text)
    return " ".join(text.split())


_fold_cached: Final = functools.lru_cache(maxsize=65536)(_fold)


def fold(text: str) -> str:
    """Return a script-, case- and diacritic-insensitive comparison key for ``text``.

    Steps: compatibility decomposition (NFKD, which subsumes NFC and makes decomposed input
    equal to precomposed input), casefold, Serbian Cyrillic -> Latin, ``đ`` -> ``dj``,
    ``č ć`` -> ``c``, ``š`` -> ``s``, ``ž`` -> ``z`` (so ``dž``/``џ`` -> ``dz``), all other
    combining marks removed ("ü" -> "u", "ß" -> "ss"), punctuation and symbols -> space
    except a ``+``/``#`` run that ends a word ("C++" -> "c++", "C#" -> "c#"), whitespace
    collapsed and stripped.

    ``fold("Ниш") == fold("NIŠ") == fold("Nis") == "nis"``; ``fold("Ђорђе") ==
    fold("Djordje") == "djordje"`` (but not "Dorde"). Results are memoised (LRU, 65,536
    entries).
    """
    return _fold_cached(text)


def tokens(text: str) -> list[str]:
    """Return the folded word tokens of ``text`` ("C++ i C#" -> ["c++", "i", "c#"])."""
    return _fold_cached(text).split()


def slugify_sr(text: str) -> str:
    """Return an ASCII slug: folded words joined by ``-``, using only ``[a-z0-9-]``.

    ``+`` becomes ``p`` and ``#`` becomes ``sharp`` ("C++" -> "cpp", "C#" -> "csharp"); any
    other character left outside ``[a-z0-9]`` (e.g. Greek or Chinese) is dropped as a
    separator, so text without Latin letters or digits gives "".
    """
    slug = _fold_cached(text).translate(_SLUG_REPLACEMENTS)
    return _SLUG_JUNK_RE.sub("-", slug).strip("-")
