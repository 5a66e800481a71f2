"""Causal-analysis and contributing-factor primitives: whys, layers, stop phrases, tags."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from pmlint.checks import Hit, check
from pmlint.checks.timeline import braced
from pmlint.document.model import Document
from pmlint.util.lazyre import LazyPattern, lazy
from pmlint.util.recache import compiled
from pmlint.util.wordalt import ascii_keys, may_contain
from pmlint.views.common import snippet
from pmlint.views.factors import contributing_factors
from pmlint.views.whys import causal_analysis, classify, layer_of

if TYPE_CHECKING:
    from pmlint.checks.options.causal import (
        FactorTagOptions,
        LayersOptions,
        MinWhysOptions,
        StopPhraseOptions,
    )


@check("whys_min", "pmlint.checks.options.causal:MinWhysOptions")
def whys_min(doc: Document, options: MinWhysOptions) -> Iterator[Hit]:
    """The causal analysis asks "why" at least `min-whys` times."""
    analysis = causal_analysis(doc)
    if not analysis.sections:
        return
    count = len(analysis.whys)
    if count < options.min_whys:
        section = analysis.sections[0]
        yield Hit(section.line, {"count": count, "min": options.min_whys, "section": section.title})


def _layer_table(options: LayersOptions) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The layers as hashable data (the compiled matcher is cached on it)."""
    return tuple((layer.name, (layer.name, *layer.synonyms)) for layer in options.layers)


@check("causal_layers", "pmlint.checks.options.causal:LayersOptions")
def causal_layers(doc: Document, options: LayersOptions) -> Iterator[Hit]:
    """Every causal layer is present: whys in it, or a sub-heading naming it with content."""
    analysis = causal_analysis(doc)
    if not analysis.sections:
        return
    table = _layer_table(options)
    present = {layer_of(why, table) for why in analysis.whys}
    present |= {classify(h.title, table) for h in analysis.headings if h.has_content}
    section = analysis.sections[0]
    for layer in options.layers:
        if layer.name not in present:
            question = f" ({layer.question})" if layer.question else ""
            yield Hit(
                section.line,
                {"layer": layer.name, "question": question, "section": section.title},
            )


@lru_cache(maxsize=32)
def _stop_patterns(
    phrase_list: tuple[str, ...], negation_list: tuple[str, ...]
) -> tuple[re.Pattern[str], LazyPattern]:
    phrases = sorted((p.strip() for p in phrase_list if p.strip()), key=len, reverse=True)
    body = "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases) or "(?!)"
    negations = "|".join(re.escape(n) for n in negation_list) or "(?!)"
    return (
        compiled(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE),
        lazy(rf"(?<![\w'])(?:{negations})(?:\s+[\w'-]+){{0,2}}\s*$", re.IGNORECASE),
    )


@lru_cache(maxsize=32)
def _stop_keys(phrase_list: tuple[str, ...]) -> tuple[str, ...] | None:
    """One word of each phrase: a text without any of them holds no phrase."""
    return ascii_keys(max(p.split(), key=len) for p in phrase_list if p.strip())


@check("causal_stop_phrase", "pmlint.checks.options.causal:StopPhraseOptions")
def causal_stop_phrase(doc: Document, options: StopPhraseOptions) -> Iterator[Hit]:
    """No why, nor the root cause, stops at a person ("human error", "operator error").

    A phrase negated just before it ("not human error", "rather than simply operator
    error": a negation at most two words back) is the author ruling it out.
    """
    analysis = causal_analysis(doc)
    phrases = tuple(options.phrases)
    phrase, negated = _stop_patterns(phrases, tuple(options.negations))
    keys = _stop_keys(phrases)
    items = [(why.line, f"why {why.number}", why.text) for why in analysis.whys]
    if options.root_cause and analysis.root_cause is not None:
        found = analysis.root_cause
        items.append((found.line, "the root cause", found.text))
    for line, where, text in items:
        if keys is not None and not may_contain(text.lower(), keys):
            continue
        for match in phrase.finditer(text):
            if negated.search(text[: match.start()]):
                continue
            before = text[: match.start()].count("\n")
            yield Hit(
                line + before if where != "the root cause" else line,
                {"where": where, "phrase": match.group(0), "why": snippet(text, 50)},
                needle=match.group(0),
            )
            break


@check("factor_tag_required", "pmlint.checks.options.causal:FactorTagOptions")
def factor_tag_required(doc: Document, options: FactorTagOptions) -> Iterator[Hit]:
    """Every contributing factor opens with a category tag (or sits in a Tag column)."""
    listed = braced(options.tags)
    for factor in contributing_factors(doc):
        if not factor.tags:
            yield Hit(
                factor.line,
                {"factor": snippet(factor.text, 50), "tags": listed},
                needle=factor.text[:30] or None,
            )
