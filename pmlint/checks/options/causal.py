"""Options of the causal-analysis primitives (`pmlint.checks.causal`)."""

from __future__ import annotations

from pmlint.checks.options import Options
from pmlint.views.whys import DEFAULT_LAYERS


class MinWhysOptions(Options):
    min_whys: int = 5


class Layer(Options):
    name: str
    question: str = ""  # what the layer answers, for the message ("why the gap persisted")
    synonyms: list[str] = []  # phrases that name it in a heading or a `Layer:` label


def _default_layers() -> list[Layer]:
    questions = {
        "surface": "what broke",
        "systemic": "why the system allowed it",
        "cultural/process": "why the gap persisted",
    }
    return [
        Layer(name=name, question=questions.get(name, ""), synonyms=list(phrases))
        for name, phrases in DEFAULT_LAYERS
    ]


class LayersOptions(Options):
    layers: list[Layer] = _default_layers()


class StopPhraseOptions(Options):
    phrases: list[str] = [
        "human error",
        "operator error",
        "user error",
        "engineer error",
        "developer error",
        "pilot error",
        "human mistake",
        "mistake by",
        "mistake of the",
        "pebkac",
        "fat finger",
        "fat-finger",
        "fat-fingered",
    ]
    negations: list[str] = ["not", "no", "never", "rather than", "instead of", "beyond"]
    root_cause: bool = True  # check the root-cause statement too


class FactorTagOptions(Options):
    tags: list[str] = ["DETECTION", "DIAGNOSIS", "MITIGATION", "CONTEXT", "TRIGGER", "PREVENTION"]
