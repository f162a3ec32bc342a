"""Does a line speak to the reader, or as the site?

A cookie banner talks to its visitor ("We use cookies", "you agree", "Ihre
Zustimmung", "votre consentement", "este sitio utiliza"); a headline or a
news sentence about cookies talks about others ("EU court says websites must
let users reject cookies", "La AEPD multa ... por obligar a aceptar
cookies"). `classify` uses this to keep the second kind, which only a cookie
phrase would otherwise remove. Over-matching is cheap (the line is judged as
before); missing a banner's voice keeps a banner sentence, so the lists hold
the pronouns and possessives of every cue language, matched in any of them
(sites mix languages).
"""

from __future__ import annotations

import regex

# First and second person, in the cue languages. Left out because they are
# ordinary words elsewhere: Dutch "te" and "je" are kept (French "je" is
# rarely a headline's), Spanish "su" (his/her/your), German "sie"/"ihr"
# (lower case: she/they/her; capitalized mid-line below).
_PERSON = regex.compile(
    r"(?<!\w)(?:"
    r"we|our|ours|you|your|yours"  # en ("us" only in lower case, below: "US court")
    r"|wir|uns|unser\w*|du|dein\w*|dich|dir"  # de
    r"|nous|notre|nos|vous|votre|vos|je|j['’]|tu|ton|ta|tes|ti|toi"  # fr
    r"|nosotros|nuestr[oa]s?|usted(?:es)?|tus?"  # es
    r"|noi|voi|nostr[oaie]|vostr[oaie]|tuo|tua|tuoi|tue"  # it
    r"|n[oó]s|noss[oa]s?|voc[eê]s?|lhe|lhes|teu|tua"  # pt
    r"|wij|ons|onze|jij|jouw|uw|u"  # nl
    r")(?!\w)",
    regex.IGNORECASE,
)
_CASED = regex.compile(r"(?<!\w)us(?!\w)|(?<=\S\s)(?:Sie|Ihre?[nmrs]?|Ihnen)(?!\w)")
# The site speaking of itself, and first-person verbs of banners that drop
# the pronoun ("Utilizamos cookies propias", "utilizziamo cookie").
_SITE_VOICE = regex.compile(
    r"(?<!\w)(?:this (?:web)?site|este sitio|ce site|diese (?:web)?seite|deze (?:web)?site|questo sito|este site"
    r"|\w+(?:amos|emos|imos|iamo)\s+(?:cookies?|las cookies|i cookie))(?!\w)",
    regex.IGNORECASE,
)


def addresses_reader(text: str) -> bool:
    """The line uses a first- or second-person word, or the site's own voice."""
    return bool(_PERSON.search(text) or _CASED.search(text) or _SITE_VOICE.search(text))
