"""The optional entailment judge: loading a local model (never the network) and its verdicts.

The model is a tiny BERT (2 layers, hidden 32) with random weights that the test builds and
saves itself; its classifier bias is set so that it always answers one label, which is what
the verdict plumbing needs. Skipped without the `judge` extra (torch + transformers).
"""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest

from briefcheck.match import judge as judge_module
from briefcheck.match.judge import INSTALL_HINT, JudgeError, load_judge
from briefcheck.match.support import find_support
from briefcheck.models import SourceText, Verdict

PAGE = SourceText(
    url="https://wire.example.org/summit",
    text=(
        "Chinese President Xi Jinping held talks with Kim Jong Un in Beijing on Thursday.\n"
        "Trade between the two countries rose 18.4 percent in the first seven months."
    ),
)
CLAIM = "Xi Jinping held talks with Kim Jong Un in Beijing."
LABELS = {0: "entailment", 1: "neutral", 2: "contradiction"}
VOCABULARY = "xi jinping held talks with kim jong un in beijing on thursday trade rose percent"
WORDS = VOCABULARY.split()


def tiny_nli(folder: Path, answer: int, labels: dict[int, str] = LABELS) -> Path:
    """Save a 2-layer BERT classifier that always answers `answer`, with its tokenizer."""
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    folder.mkdir(parents=True)
    vocab = folder / "vocab.txt"
    vocab.write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *WORDS]) + "\n")
    config = transformers.BertConfig(
        vocab_size=5 + len(WORDS),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=37,
        max_position_embeddings=128,
        id2label=labels,
        label2id={v: k for k, v in labels.items()},
    )
    torch.manual_seed(0)
    model = transformers.BertForSequenceClassification(config)
    with torch.no_grad():
        model.classifier.weight.zero_()
        model.classifier.bias.copy_(torch.tensor([20.0 if i == answer else 0.0 for i in labels]))
    model.save_pretrained(folder)
    transformers.BertTokenizerFast(vocab_file=str(vocab)).save_pretrained(folder)
    return folder


@pytest.fixture
def no_network(monkeypatch):
    """Any socket connection fails: loading must use local files only."""

    def refuse(self, address):  # type: ignore[no-untyped-def]
        raise OSError(f"network used: {address}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    load_judge.cache_clear()
    yield
    load_judge.cache_clear()


def test_judge_loads_from_a_local_folder_without_the_network(tmp_path, no_network):
    folder = tiny_nli(tmp_path / "tiny-nli", answer=1)
    judge = load_judge(str(folder))
    said = judge.judge("Xi held talks with Kim in Beijing.", CLAIM)
    assert judge.name == "tiny-nli"
    assert said.entailment < 0.01 and said.contradiction < 0.01  # it always says neutral


def test_only_a_judge_verifies_and_the_note_names_it(tmp_path, no_network):
    assert find_support(CLAIM, PAGE).verdict is Verdict.RELATED
    judge = load_judge(str(tiny_nli(tmp_path / "entails", answer=0)))
    match = find_support(CLAIM, PAGE, judge=judge)
    assert match.verdict is Verdict.VERIFIED
    assert "entailment judge entails" in (match.note or "")
    assert match.evidence is not None and "held talks" in match.evidence.text


def test_a_judged_contradiction_is_a_mismatch(tmp_path, no_network):
    judge = load_judge(str(tiny_nli(tmp_path / "contradicts", answer=2)))
    match = find_support(CLAIM, PAGE, judge=judge)
    assert match.verdict is Verdict.MISMATCH
    assert "contradicts" in match.reason and "entailment judge contradicts" in (match.note or "")


def test_an_unsure_judge_leaves_the_lexical_verdict_and_says_so(tmp_path, no_network):
    judge = load_judge(str(tiny_nli(tmp_path / "unsure", answer=1)))
    match = find_support(CLAIM, PAGE, judge=judge)
    assert match.verdict is Verdict.RELATED
    assert "entailment judge unsure: not entailed" in (match.note or "")


def test_a_model_without_an_entailment_label_is_refused(tmp_path, no_network):
    folder = tiny_nli(tmp_path / "sentiment", answer=0, labels={0: "negative", 1: "positive"})
    with pytest.raises(JudgeError, match="expected an 'entailment' label"):
        load_judge(str(folder))


def test_a_folder_that_is_not_a_model_is_one_readable_error(tmp_path):
    with pytest.raises(JudgeError, match=r"--judge .*: expected a model folder"):
        load_judge(str(tmp_path))


def test_without_the_judge_packages_the_error_says_how_to_add_them(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "transformers", None)  # import fails as if absent
    (tmp_path / "config.json").write_text("{}", encoding="utf-8")
    load_judge.cache_clear()
    with pytest.raises(JudgeError) as err:
        judge_module.load_judge(str(tmp_path))
    assert INSTALL_HINT in str(err.value) and "\n" not in str(err.value)
