"""Generators of hostile input corpora for the reliability tests."""

from __future__ import annotations

import codecs
import os
import random
from pathlib import Path

ENGLISH = ("The regional council approved the new transport plan on Monday after months of debate, "
           "and officials said construction of the first tram line would begin next spring.\n")


def write_hostile_corpus(root: Path, outside: Path) -> dict[str, str]:
    """Write one file per hostile case under root; returns {relpath: case}."""
    rng = random.Random(7)
    cases: dict[str, bytes] = {
        "empty.txt": b"",
        "whitespace only.txt": b"  \n\t\n   \n",
        "binary.txt": bytes(rng.randrange(256) for _ in range(4096)),
        "nul bytes.txt": ENGLISH.encode() + b"\x00\x00\x00" + ENGLISH.encode(),
        "invalid utf8.txt": ENGLISH.encode() + b"\xff\xfe\xc3\x28 broken \xa0\xa1" + ENGLISH.encode(),
        "utf16 bom.txt": codecs.BOM_UTF16_LE + ENGLISH.encode("utf-16-le"),
        "utf16 no bom.txt": (ENGLISH * 3).encode("utf-16-le"),
        "utf16 be no bom.md": (ENGLISH * 3).encode("utf-16-be"),
        "mixed encodings.txt": "Café crème – naïve\n".encode("utf-8") + "Café crème – naïve\n".encode("cp1252"),
        "mojibake.txt": "The â€œleadersâ€\x9d met in ZÃ¼rich.\n".encode("utf-8"),
        "long line.txt": ((ENGLISH.strip() + " ") * 5800).encode(),  # ~1 million characters, one line
        "only boilerplate.txt": "Home » News » World\nShare\n0\n4\nLeave a Comment\nSubscribe to our newsletter\n".encode(),
        "rtl arabic.txt": "أعلن المجلس الإقليمي يوم الاثنين عن خطة نقل جديدة بعد أشهر من النقاش.\n".encode(),
        "rtl hebrew.txt": "המועצה האזורית אישרה ביום שני את תוכנית התחבורה החדשה לאחר חודשים של דיונים.\n".encode(),
        "cjk.txt": "地区委员会周一批准了新的交通计划。东京の市議会は新しい交通計画を承認した。\n".encode(),
        "emoji zero width.txt": "Breaking 🚀🔥 news\u200b today\u200d👩‍💻 and\ufeff more\u2060 text about markets.\n".encode(),
        "ünïcødé 名前.txt": ENGLISH.encode(),
        "..leading dots.txt": ENGLISH.encode(),
        "a..b.txt": ENGLISH.encode(),
        "sub dir/nested ..txt": ENGLISH.encode(),
        "html page.html": b"<html><body><nav>Home</nav><article><p>" + ENGLISH.encode() * 3 + b"</p></article></body></html>",
        "broken html.html": b"<html><body><div><<<>>>\x00</",
    }
    for relpath, data in cases.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    big = root / "big 50mb.txt"
    with open(big, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: cheap to make, 50 MB to read
    secret = outside / "secret.txt"
    secret.write_text("outside the input directory\n")
    os.symlink(secret, root / "escape link.txt")
    os.symlink(root / "does-not-exist.txt", root / "dangling link.txt")
    os.mkfifo(root / "fifo.txt")
    names = {**{k: k for k in cases}, "big 50mb.txt": "big", "escape link.txt": "symlink",
             "dangling link.txt": "dangling", "fifo.txt": "fifo"}
    if os.geteuid() != 0:  # root reads everything; the case only exists for others
        unreadable = root / "unreadable.txt"
        unreadable.write_text(ENGLISH)
        unreadable.chmod(0)
        names["unreadable.txt"] = "unreadable"
    return names
