"""An optional entailment judge: a local NLI model that says whether a passage entails a claim.

Off by default. `load_judge(path)` loads a sequence-classification model (an MNLI-style
cross-encoder: premise = the source's passage, hypothesis = the claim) from a folder the
user already has, with `transformers` and `torch` from the `judge` extra. Nothing is ever
downloaded: loading is local-files-only with the Hugging Face hub offline. Only a judge
may make a support check `verified` (`settings.JUDGE_ENTAILMENT_MIN`), and the check's
note names it.
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from briefcheck import settings
from briefcheck.errors import BriefcheckError

INSTALL_HINT = "pip install 'briefcheck[judge]'"


class JudgeError(BriefcheckError):
    """The judge cannot be used: its packages are missing or the model folder is unfit."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Judgement:
    """The judge's probabilities that the passage entails / contradicts the claim."""

    entailment: float
    contradiction: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Judge:
    """A loaded NLI model; `name` is what reports show (the model folder's name)."""

    name: str
    path: str
    model: Any
    tokenizer: Any
    entail_label: int
    contradict_label: int | None

    def judge(self, premise: str, hypothesis: str) -> Judgement:
        """How strongly `premise` (a passage) entails or contradicts `hypothesis` (a claim)."""
        import torch

        enc = self.tokenizer(
            premise,
            hypothesis,
            truncation=True,
            max_length=settings.JUDGE_MAX_TOKENS,
            return_tensors="pt",
        )
        with torch.no_grad():
            probs = torch.softmax(self.model(**enc).logits[0], dim=-1).tolist()
        contradiction = probs[self.contradict_label] if self.contradict_label is not None else 0.0
        return Judgement(entailment=probs[self.entail_label], contradiction=contradiction)


def _label(id2label: dict[Any, str], word: str) -> int | None:
    """The class index whose label starts with `word` ("entail", "contradict")."""
    return next((int(i) for i, lab in id2label.items() if str(lab).lower().startswith(word)), None)


def _import_transformers() -> Any:
    try:
        import torch  # noqa: F401
        import transformers
    except ImportError as err:
        raise JudgeError(
            f"--judge needs the optional judge packages ({err.name} is missing): {INSTALL_HINT}"
        ) from None
    return transformers


def check_judge(path: str | Path) -> None:
    """Raise JudgeError unless `path` looks like a model folder and the packages are installed.

    Cheap (nothing is imported or loaded), so a bad `--judge` fails before a run starts.
    """
    if not (Path(path).expanduser() / "config.json").is_file():
        raise JudgeError(f"--judge {path}: expected a model folder with a config.json")
    for name in ("torch", "transformers"):
        if importlib.util.find_spec(name) is None:
            raise JudgeError(
                f"--judge needs the optional judge packages ({name} is missing): {INSTALL_HINT}"
            )


@lru_cache(maxsize=2)
def load_judge(path: str) -> Judge:
    """The NLI model in folder `path`, loaded once per process, never from the network.

    Raises `JudgeError` with one readable line when the packages are missing, the folder is
    not a model, or its labels name no entailment class.
    """
    folder = Path(path).expanduser()
    check_judge(folder)
    transformers = _import_transformers()
    os.environ["HF_HUB_OFFLINE"] = "1"  # belt and braces: no hub call from any helper
    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(folder, local_files_only=True)
        model = transformers.AutoModelForSequenceClassification.from_pretrained(
            folder, local_files_only=True
        )
    except (OSError, ValueError) as err:
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise JudgeError(f"--judge {path}: cannot load the model: {first}") from None
    model.eval()
    id2label = dict(model.config.id2label or {})
    entail = _label(id2label, "entail")
    if entail is None:
        labels = ", ".join(str(v) for v in id2label.values())
        raise JudgeError(f"--judge {path}: labels are {labels}; expected an 'entailment' label")
    return Judge(
        name=folder.name,
        path=str(folder),
        model=model,
        tokenizer=tokenizer,
        entail_label=entail,
        contradict_label=_label(id2label, "contradict"),
    )
