"""Wiring of the stages for one run: sources -> extract -> engine, yielding one DocumentResult
per document in input order. A failure inside one document becomes that document's error; it
never stops the run."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from disclosure_lint.engine import Engine
from disclosure_lint.extract import Vocabulary, extract
from disclosure_lint.model import Document, DocumentResult, InputError
from disclosure_lint.sources import FetchOptions, iter_documents


@dataclass(frozen=True, slots=True)
class Checker:
    vocabulary: Vocabulary
    engine: Engine

    def check(self, document: Document) -> DocumentResult:
        try:
            evidence = extract(document, self.vocabulary)
            findings, _ = self.engine.evaluate(evidence)
        except RecursionError:
            return _failed(document.source, "too-deep", "the document nests elements too deeply to read")
        except MemoryError:
            return _failed(document.source, "too-large", "the document is too large to read in memory")
        except Exception as exc:
            return _failed(document.source, "internal", f"could not be checked ({type(exc).__name__}: {exc}); "
                                                        "please report this with the document")
        return DocumentResult(source=document.source, status="checked", evidence=evidence, findings=findings,
                              format=document.format)


def _failed(source: str, kind: str, message: str) -> DocumentResult:
    return DocumentResult(source=source, status="error", error=InputError(source, kind, f"{source}: {message}"))


def run(inputs: Iterable[str], checker: Checker, fetch: FetchOptions | None = None) -> Iterator[DocumentResult]:
    for item in iter_documents(inputs, fetch):
        if isinstance(item, InputError):
            yield DocumentResult(source=item.source, status="error", error=item)
        else:
            yield checker.check(item)
