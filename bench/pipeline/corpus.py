"""A synthetic corpus of seed-like articles: English, Dutch, Spanish, spun
English, some wrapped in site chrome, some with mojibake. Paragraphs are drawn
from the seeds (and a few Spanish paragraphs written for this benchmark) with
a seeded RNG, so a corpus of any size is reproducible."""

from __future__ import annotations

import random
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

SPANISH = [
    "El consejo regional aprobó el lunes el nuevo plan de transporte tras meses de debate, y los responsables "
    "afirmaron que las obras de la primera línea de tranvía comenzarán la próxima primavera.",
    "La empresa anunció que reestructurará sus equipos de comercio electrónico en todo el mundo para mejorar "
    "la eficiencia operativa, según un memorando interno al que tuvo acceso este diario.",
    "Los analistas consideran que el cambio de dirección podría afectar a la estrategia de la plataforma en "
    "los mercados internacionales, donde la competencia es cada vez más intensa.",
    "Varios directivos abandonaron la compañía en las últimas semanas, lo que generó incertidumbre entre los "
    "empleados y preguntas sobre el futuro de la división.",
    "El gobierno prometió publicar un informe detallado antes del verano y pidió paciencia a los ciudadanos "
    "mientras se estudian las alternativas.",
]
CHROME = {
    "en": ["Home » News » Business", "Share this article", "0", "Leave a Comment", "Subscribe to our newsletter",
           "You may also like"],
    "nl": ["Home Nieuws Economie", "Deel dit artikel", "4", "LAAT EEN REACTIE ACHTER", "Vul hier uw naam in"],
    "es": ["Inicio » Noticias » Economía", "Compartir", "0", "Deja un comentario", "Suscríbete a nuestro boletín"],
}
KINDS = ("en", "en", "nl", "es", "spun", "en-chrome", "nl-chrome", "en-mojibake")


def _paragraphs(name_prefix: str) -> list[str]:
    path = next((REPO / "seeds").glob(f"{name_prefix}_*.txt"))
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if len(line.strip()) > 60]


def _pools() -> dict[str, list[str]]:
    return {"en": _paragraphs("000") + _paragraphs("001") + _paragraphs("004"), "nl": _paragraphs("003"),
            "es": SPANISH, "spun": _paragraphs("002")}


def article(rng: random.Random, pools: dict[str, list[str]], kind: str, target_bytes: int) -> str:
    lang = kind.split("-")[0]
    lines = [f"Report {rng.randrange(10**6)}"]
    while sum(len(line.encode()) for line in lines) < target_bytes:
        lines.append(rng.choice(pools[lang]))
    if kind.endswith("chrome"):
        chrome = CHROME[lang]
        lines = chrome[:3] + lines + chrome[3:]
    text = "\n\n".join(lines) + "\n"
    if kind.endswith("mojibake"):
        text = text.encode("utf-8").decode("cp1252", errors="replace")
    return text


def write_corpus(folder: Path, count: int, target_bytes: int = 3000, seed: int = 1,
                 kinds: tuple[str, ...] = KINDS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rng, pools = random.Random(seed), _pools()
    for number in range(count):
        kind = kinds[number % len(kinds)]
        (folder / f"{kind}-{number:06d}.txt").write_text(article(rng, pools, kind, target_bytes), encoding="utf-8")
    return folder
