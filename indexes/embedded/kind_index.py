"""One document kind's Tantivy index in one generation's directory: opened with the product's tokenizer, its
reader reloaded before each search (so other processes' commits show), its writer taken and given back."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import tantivy

from indexes.embedded.errors import SearchIndexError
from indexes.embedded.mapping import SCHEMAS, TEXT_TOKENIZER
from indexes.embedded.preload import preload_files
from indexes.schema import DocumentKind
from indexes.words import text_analyzer


class KindIndex:
    def __init__(self, kind: DocumentKind, directory: Path, preload: bool = False) -> None:
        self.kind = kind
        self.wants_preload = preload
        self.schema = SCHEMAS[kind]
        self.directory = directory
        try:
            self.index = tantivy.Index(self.schema.tantivy, path=str(directory), reuse=True)
        except ValueError as error:
            if "schema does not match" in str(error):
                raise SearchIndexError(
                    f"The search index in {directory} was built for another version of the document fields; "
                    "run `cctns index rebuild` to build it again."
                ) from error
            raise SearchIndexError(f"Cannot open the search index in {directory}: {error}") from error
        self.index.register_tokenizer(TEXT_TOKENIZER, text_analyzer())
        self.index.config_reader(reload_policy="Manual")
        self.writer: tantivy.IndexWriter | None = None
        self.preloading: threading.Thread | None = None

    def start_preload(self) -> None:
        """Start reading this index's files into memory, once (see :func:`preload_files`)."""
        if self.preloading is None and self.wants_preload:
            self.preloading = threading.Thread(
                target=preload_files, args=(self.directory,), daemon=True, name=f"preload-{self.kind.value}"
            )
            self.preloading.start()

    def searcher(self) -> tantivy.Searcher:
        self.start_preload()
        for attempt in range(3):
            try:
                self.index.reload()
                break
            except ValueError:  # a writer in another process removed files between meta.json and opening them
                if attempt == 2:
                    raise
                time.sleep(0.05)
        return self.index.searcher()

    def release_writer(self, commit: bool) -> None:
        writer, self.writer = self.writer, None
        if writer is None:
            return
        if commit:
            writer.commit()
        else:
            writer.rollback()
        writer.wait_merging_threads()
