"""Which files a run lints: command-line paths and globs, folder walks that respect
`.gitignore`, `include`, `exclude` / `extend-exclude` and `per-file-ignores`.

The rules, in the order they apply:

- A path named on the command line (or matched by a glob given there) is linted whatever
  its name, unless an exclude pattern matches it.
- A folder is walked for files that `include` matches; hidden folders, vendored trees
  (`node_modules`, `venv`, ...) and, with `respect-gitignore` (the default), files and
  folders that `.gitignore` ignores are not entered. Then exclude patterns apply.
- `exclude` (which has defaults: READMEs, changelogs, templates, build output) is replaced
  by `--exclude`; `extend-exclude` and `--extend-exclude` add to it.

Walking a folder is `pmlint.run.walk`'s; this module decides what of it, and of the
command line, is linted.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from fnmatch import translate
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from pmlint.config.settings import Config, config_for
from pmlint.run.skipped import forget
from pmlint.run.walk import resolved, walk
from pmlint.util.recache import compiled

if TYPE_CHECKING:
    from pmlint.run.runner import Overrides

GLOB_CHARS = frozenset("*?[")


class PathError(Exception):
    """A command-line path that names nothing: a missing file, or a glob matching none."""


def expand_arguments(arguments: Sequence[str]) -> list[Path]:
    """Command-line paths with globs (`postmortems/**/*.md`) expanded, in a stable order.

    A glob is expanded here because shells differ (`**` needs `globstar` in bash, and
    Windows shells expand nothing); an existing path is taken as it is even when its name
    holds a glob character."""
    paths: list[Path] = []
    for argument in arguments:
        if argument == "-" or os.path.exists(argument):
            paths.append(Path(argument))
        elif GLOB_CHARS & set(argument):
            import glob  # lazy for start-up time: only for an argument that is a pattern

            matches = sorted(glob.glob(argument, recursive=True))
            if not matches:
                raise PathError(f"'{argument}' matches no file or folder")
            paths.extend(Path(match) for match in matches)
        else:
            raise PathError(f"path '{argument}' does not exist")
    return paths


def resolved_folder(folder: Path) -> Path:
    """`folder.resolve()`, once per folder."""
    return resolved(os.fspath(folder))


def clear_caches() -> None:
    """Forget resolved folders (a long-running caller whose tree changes)."""
    resolved.cache_clear()
    _relative_folder.cache_clear()
    _compiled.cache_clear()


def relative_to(path: Path, root: Path) -> str:
    """`path` relative to `root` with forward slashes, or as given when outside it. Only
    the folders are resolved: a symlinked file keeps its own name."""
    try:
        folder = _relative_folder(os.fspath(path.parent), os.fspath(root))
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (3.10-3.12)
        folder = None
    if folder is None or path.name in ("", ".", ".."):
        return path.as_posix()
    return f"{folder}{path.name}"


@lru_cache(maxsize=4096)
def _relative_folder(folder: str, root: str) -> str | None:
    """The resolved `folder` relative to the resolved `root`, with forward slashes and a
    trailing one ("" for the root itself); None when it is not below it. Once per folder."""
    try:
        relative = resolved(folder).relative_to(resolved(root)).as_posix()
    except ValueError:
        return None
    return "" if relative == "." else f"{relative}/"


def matching_pattern(relative: str, patterns: Sequence[str]) -> str | None:
    """The first exclude-style pattern matching a relative path: the whole path, one of its
    folder or file names, or a folder above it (`drafts/` or `drafts` for everything in
    it). None when none does."""
    if not patterns:
        return None
    anywhere, by_name = _compiled(tuple(patterns))
    parts = relative.split("/")
    if not anywhere.match(relative) and not any(by_name.match(part) for part in parts):
        return None
    for raw in patterns:  # which one: only for a path that is left out
        one, name = _compiled((raw,))
        if one.match(relative) or any(name.match(part) for part in parts):
            return raw
    return None


_NEVER = compiled(r"(?!)")


@lru_cache(maxsize=256)
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Two regular expressions for a list of patterns: one for the whole path (or a folder
    above it), one for a single folder or file name (patterns without a slash)."""
    whole, names = [], []
    for raw in patterns:
        pattern = raw.rstrip("/")
        if not pattern:
            continue
        whole += [translate(pattern), translate(pattern + "/*")]
        if "/" not in pattern:
            names.append(translate(pattern))
    return (
        compiled("|".join(f"(?:{p})" for p in whole)) if whole else _NEVER,
        compiled("|".join(f"(?:{p})" for p in names)) if names else _NEVER,
    )


def exclude_patterns(config: Config, overrides: Overrides | None) -> list[str]:
    """The configuration's exclude patterns with the command line's applied."""
    settings = config.settings
    base = list(settings.exclude)
    extra = list(settings.extend_exclude)
    if overrides is not None:
        if overrides.exclude is not None:
            base = list(overrides.exclude)
        extra += overrides.extend_exclude
    return base + extra


def excluded_by(path: Path, config: Config, overrides: Overrides | None) -> str | None:
    """The exclude pattern that leaves `path` out, or None when it is linted."""
    return matching_pattern(relative_to(path, config.root), exclude_patterns(config, overrides))


def ignored_rules(path: Path, config: Config) -> tuple[str, ...]:
    """The `per-file-ignores` selectors whose pattern matches `path`, in order."""
    table = config.settings.per_file_ignores
    if not table:
        return ()
    relative = relative_to(path, config.root)
    codes: list[str] = []
    for pattern, selectors in table.items():
        if matching_pattern(relative, [pattern]) is not None:
            codes.extend(selectors)
    return tuple(dict.fromkeys(codes))


class _Folder:
    """A walked folder's configuration, and its share of every exclude check of its files:
    what `excluded_by` would say of a file in it, with the folder's part done once."""

    def __init__(self, folder: Path, config: Config, overrides: Overrides | None) -> None:
        self.config = config
        self.overrides = overrides
        patterns = exclude_patterns(config, overrides)
        # A file's path as `relative_to` gives it is this prefix and its name.
        prefix = _relative_folder(os.fspath(folder), os.fspath(config.root))
        if prefix is None:  # outside the configuration's folder: the path as it is
            prefix = "" if folder == Path(".") else f"{folder.as_posix().rstrip('/')}/"
        self.prefix = prefix
        self.anywhere, self.by_name = _compiled(tuple(patterns))
        self.folder_matches = any(map(self.by_name.match, prefix.split("/")[:-1]))

    def excludes(self, file: Path) -> bool:
        """Whether an exclude pattern leaves out `file`, a file of this folder."""
        name = file.name
        if name in ("", ".", ".."):
            return excluded_by(file, self.config, self.overrides) is not None
        return bool(
            self.folder_matches
            or self.anywhere.match(f"{self.prefix}{name}")
            or self.by_name.match(name)
        )


def files_to_lint(
    paths: Sequence[Path], overrides: Overrides
) -> Iterator[tuple[Path, Config, tuple[str, ...]]]:
    """Every file to lint under `paths`, with its configuration and the rules its
    `per-file-ignores` switch off; each file once, in a stable order."""
    seen: set[str] = set()
    plain: set[str] = set()  # walked files that are not symlinks
    # The configuration of a file that is not a symlink is its folder's, and so is the
    # part of its exclude check that reads the folder: both worked out once per folder.
    by_folder: dict[str, _Folder] = {}
    for path in paths:
        if path.is_dir():
            folder_config = config_for(path / "_", overrides.config_path)
            candidates: Iterator[Path] = walk(path, folder_config, overrides, plain)
        else:
            forget(path)  # named on the command line: read it
            candidates = iter([path])
        for file in candidates:
            key = os.path.normpath(str(file))
            if key in seen:
                continue
            seen.add(key)
            try:
                if key in plain:
                    folder = os.path.dirname(key)
                    known = by_folder.get(folder)
                    if known is None:
                        config = config_for(file, overrides.config_path)
                        known = by_folder[folder] = _Folder(file.parent, config, overrides)
                    config = known.config
                    if known.excludes(file):
                        continue
                else:
                    config = config_for(file, overrides.config_path)
                    if excluded_by(file, config, overrides) is not None:
                        continue
            except (OSError, RuntimeError):
                # A symlink loop cannot be resolved: take the config of its folder and let
                # the reader report the file (PM001) instead of stopping the run.
                config = config_for(file.parent / "_", overrides.config_path)
            yield file, config, ignored_rules(file, config)


def left_out(paths: Sequence[Path], overrides: Overrides) -> list[str]:
    """Why files named on the command line were not linted: the exclude pattern of each."""
    notes = []
    for path in paths:
        if str(path) == "-" or path.is_dir():
            continue
        try:
            pattern = excluded_by(path, config_for(path, overrides.config_path), overrides)
        except (OSError, RuntimeError):
            continue
        if pattern is not None:
            notes.append(
                f"{path.as_posix()} is left out by the exclude pattern '{pattern}' "
                "(`pmlint check --show-settings` lists them; `--exclude` replaces them)"
            )
    return notes
