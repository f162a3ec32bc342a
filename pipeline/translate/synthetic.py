"""Build an Argos package with random weights, in the real on-disk layout.

Real model weights cannot be downloaded where the tests and benchmarks run,
so they build their own: a sentencepiece model trained on the given text, a
CTranslate2 Transformer with random weights and the vocabulary of that
sentencepiece model, `metadata.json` and a README, zipped as `.argosmodel`.
The install, discovery, segmentation, batching and alignment code then runs on
it exactly as on a downloaded package; only the translations are nonsense.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable


@dataclass(frozen=True)
class ModelShape:
    """Transformer dimensions. The benchmark uses OPUS-MT's base shape."""

    encoder_layers: int = 2
    decoder_layers: int = 2
    d_model: int = 64
    heads: int = 4
    ffn: int = 128


OPUS_MT_BASE = ModelShape(6, 6, 512, 8, 2048)


def build_package(out_dir: Path, from_code: str, to_code: str, corpus: Iterable[str],
                  vocab_size: int = 800, shape: ModelShape = ModelShape(), seed: int = 0,
                  version: str = "1.0", eos_bias: float = 0.0, quantization: str | None = None) -> Path:
    """Write an unpacked package `translate-<from>_<to>-<version>` under
    out_dir and return its path. `eos_bias` raises (or lowers) the logit of
    the end token, which sets how long the random outputs run; `quantization`
    (e.g. int8) is applied when saving, as Argos packages are distributed."""
    name = f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
    root = Path(out_dir) / name
    (root / "model").mkdir(parents=True, exist_ok=True)
    pieces = train_sentencepiece(root / "sentencepiece.model", corpus, vocab_size)
    spec = random_transformer(pieces, shape, seed, eos_bias)
    spec.validate()  # also converts the numpy arrays to CTranslate2's types
    if quantization:
        spec.optimize(quantization=quantization)
    spec.save(str(root / "model"))
    metadata = {"package_version": version, "argos_version": "1.9", "from_code": from_code,
                "from_name": from_code, "to_code": to_code, "to_name": to_code}
    (root / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    (root / "README.md").write_text(f"# {from_code} - {to_code}\n\nRandom weights, for tests only.\n",
                                    encoding="utf-8")
    return root


def pack_argosmodel(package_dir: Path, out_file: Path) -> Path:
    """Zip an unpacked package the way argospm publishes it: one top folder."""
    package_dir = Path(package_dir)
    with zipfile.ZipFile(out_file, "w", zipfile.ZIP_STORED) as archive:
        for path in sorted(package_dir.rglob("*")):
            archive.write(path, Path(package_dir.name) / path.relative_to(package_dir))
    return Path(out_file)


def train_sentencepiece(model_file: Path, corpus: Iterable[str], vocab_size: int) -> list[str]:
    """Train a unigram model as OPUS-MT's are; return its pieces in id order."""
    import sentencepiece as spm

    buffer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter([line for line in corpus if line.strip()]), model_writer=buffer,
        vocab_size=vocab_size, model_type="unigram", character_coverage=1.0,
        hard_vocab_limit=False, minloglevel=2, num_threads=1,
        # Fixed ids match the special tokens CTranslate2 expects by name.
        unk_id=0, bos_id=1, eos_id=2, pad_id=-1,
    )
    model_file.write_bytes(buffer.getvalue())
    processor = spm.SentencePieceProcessor(model_proto=buffer.getvalue())
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


def random_transformer(vocabulary: list[str], shape: ModelShape, seed: int, eos_bias: float):
    """A CTranslate2 TransformerSpec with seeded random weights."""
    import numpy as np
    from ctranslate2.specs import transformer_spec

    spec = transformer_spec.TransformerSpec.from_config(
        (shape.encoder_layers, shape.decoder_layers), shape.heads)
    rng = np.random.default_rng(seed)
    vocab, d, ffn = len(vocabulary), shape.d_model, shape.ffn

    def fill(layer, name, value):
        if value is not None:  # already set, or a flag/optional marker
            return
        dims = _shape_of(name, vocab, d, ffn)
        if dims is None:
            return
        attr = name.rsplit("/", 1)[-1]
        if attr == "gamma":
            array = np.ones(dims, dtype=np.float32)
        elif attr == "beta":
            array = np.zeros(dims, dtype=np.float32)
        else:
            array = (rng.standard_normal(dims) / np.sqrt(dims[-1])).astype(np.float32)
        setattr(layer, attr, array)

    spec._visit(fill)
    bias = np.zeros(vocab, dtype=np.float32)
    bias[vocabulary.index("</s>")] = eos_bias
    spec.decoder.projection.bias = bias
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.config.add_source_eos = True  # as Marian/OPUS-MT models are converted
    return spec


def _shape_of(name: str, vocab: int, d: int, ffn: int) -> tuple[int, ...] | None:
    """Weight shapes from CTranslate2's variable names ([out, in] for linears)."""
    if name.endswith(("embeddings_0/weight", "embeddings/weight", "projection/weight")):
        return (vocab, d)
    if name.endswith(("layer_norm/gamma", "layer_norm/beta")):
        return (d,)
    table = {
        "self_attention/linear_0/weight": (3 * d, d),
        "self_attention/linear_1/weight": (d, d),
        "attention/linear_0/weight": (d, d),
        "attention/linear_1/weight": (2 * d, d),
        "attention/linear_2/weight": (d, d),
        "ffn/linear_0/weight": (ffn, d),
        "ffn/linear_1/weight": (d, ffn),
    }
    for suffix, dims in table.items():  # "self_attention" is tested before "attention"
        if name.endswith(suffix):
            return dims
    return None
