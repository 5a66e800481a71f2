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

pathspec (gitignore and `**` matching) is imported only when a folder is walked, so linting
named files (the pre-commit hook) does not pay for it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from fnmatch import fnmatch, translate
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmlint.config.settings import Config, config_for
from pmlint.run.skipped import boundary, forget, inside, skip, unreadable_folder
from pmlint.util.recache import compiled

if TYPE_CHECKING:
    from pmlint.run.runner import Overrides

GLOB_CHARS = frozenset("*?[")
# Folders a walk never enters (besides hidden ones): vendored and generated trees.
SKIPPED_DIRS = frozenset(
    {
        "node_modules",
        "vendor",
        "third_party",
        "site-packages",
        "__pycache__",
        "venv",
        "_build",
        "bower_components",
    }
)


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


@lru_cache(maxsize=4096)
def _resolved(folder: str) -> Path:
    """A folder with its symlinks resolved (once per folder, not per file)."""
    return Path(folder).resolve()


def resolved_folder(folder: Path) -> Path:
    """`folder.resolve()`, once per folder."""
    return _resolved(os.fspath(folder))


def clear_caches() -> None:
    """Forget resolved folders (a long-running caller whose tree changes)."""
    _resolved.cache_clear()
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
        relative = _resolved(folder).relative_to(_resolved(root)).as_posix()
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


class _Included:
    """`include` patterns: one without a slash matches the file name (`*.md`), one with a
    slash the path relative to the configuration's folder, gitignore style
    (`postmortems/**/*.md`)."""

    def __init__(self, config: Config) -> None:
        patterns = config.settings.include
        self.root = config.root
        self.names = [p for p in patterns if "/" not in p]
        paths = [p for p in patterns if "/" in p]
        self.spec: Any = None
        if paths:
            import pathspec  # lazy for start-up time: only when folders are walked

            self.spec = pathspec.GitIgnoreSpec.from_lines(paths)

    def __call__(self, folder: str | None, name: str) -> bool:
        """Whether file `name` in `folder` (relative to the configuration's folder, None
        when outside it) is included."""
        if any(fnmatch(name, pattern) for pattern in self.names):
            return True
        if self.spec is None or folder is None:
            return False
        return bool(self.spec.match_file(f"{folder}/{name}" if folder else name))


class GitIgnored:
    """`.gitignore` files (and `.git/info/exclude`) as git reads them: each applies to the
    folder it is in, a deeper one overrides a shallower one, `!pattern` re-includes.

    Files are read from the repository root (the nearest folder above holding `.git`)
    down; outside a repository, from the configuration's folder (or the folder walked)
    down. A walk keeps, per folder, the chain of specs that apply with the folder's path
    relative to each, so a file costs one check per `.gitignore` above it."""

    def own(self, folder: Path, root: Path) -> Any:
        """The spec of the ignore files in `folder` itself, or None."""
        lines: list[str] = []
        sources = [folder / ".gitignore"]
        if folder == root:
            sources.insert(0, folder / ".git" / "info" / "exclude")
        for source in sources:
            try:
                lines += source.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                continue
        if not lines:
            return None
        import pathspec  # lazy for start-up time: only when a folder has ignore files

        return pathspec.GitIgnoreSpec.from_lines(lines)

    @staticmethod
    def root_of(start: Path, fallback: Path) -> Path:
        """The repository root above `start`; outside a repository `fallback` (the
        configuration's folder) when `start` is below it, else `start` itself."""
        for folder in (start, *start.parents):
            if (folder / ".git").exists():
                return folder
        if start == fallback or fallback in start.parents:
            return fallback
        return start

    def chain_to(self, start: Path, root: Path) -> Chain:
        """The specs that apply in `start` (below `root`), shallowest first."""
        chain: Chain = []
        folder = root
        parts = start.relative_to(root).parts if start != root else ()
        for depth in range(len(parts) + 1):
            spec = self.own(folder, root)
            if spec is not None:
                chain.append((spec, "".join(f"{part}/" for part in parts[depth:])))
            if depth < len(parts):
                folder = folder / parts[depth]
        return chain

    def below(self, chain: Chain, folder: Path, name: str, root: Path) -> Chain:
        """The chain of `folder/name` from its parent's."""
        deeper = [(spec, f"{prefix}{name}/") for spec, prefix in chain]
        spec = self.own(folder / name, root)
        return [*deeper, (spec, "")] if spec is not None else deeper


Chain = list[tuple[Any, str]]  # (a folder's spec, the path from that folder, ending in /)


def _ignored(chain: Chain, name: str, is_dir: bool) -> bool:
    verdict = False
    for spec, prefix in chain:
        result = spec.check_file(f"{prefix}{name}/" if is_dir else f"{prefix}{name}")
        if result.include is not None:
            verdict = bool(result.include)
    return verdict


def walk(
    directory: Path, config: Config, overrides: Overrides | None, plain: set[str] | None = None
) -> Iterator[Path]:
    """Files under `directory` that `include` matches, not entering hidden, vendored or
    git-ignored folders (each file's exclude patterns are applied by the caller). Files
    found not to be symlinks are added to `plain` (normalized), so the caller need not
    ask again."""
    included = _Included(config)
    gitignored = GitIgnored() if config.settings.respect_gitignore else None
    top = _resolved(str(directory))
    chains: dict[str, Chain] = {}
    root = top
    if gitignored is not None:
        root = gitignored.root_of(top, _resolved(str(config.root)))
        chains[str(directory)] = gitignored.chain_to(top, root)
    try:  # where the walk starts, relative to the configuration's folder
        base: str | None = top.relative_to(_resolved(str(config.root))).as_posix()
    except ValueError:
        base = None  # outside it: path patterns of `include` cannot match
    fence = boundary(directory)  # symlinks are followed only inside the repository
    seen: set[str] = set()
    problems: list[OSError] = []
    for current, dirnames, filenames in os.walk(
        directory, onerror=problems.append, followlinks=True
    ):
        while problems:
            yield unreadable_folder(problems.pop(), current)
        chain = chains.pop(current, [])
        here = Path(current)
        absolute = top / os.path.relpath(current, directory)
        kept = []
        for name in sorted(dirnames):
            if name.startswith(".") or name in SKIPPED_DIRS:
                continue
            path = os.path.join(current, name)
            if os.path.islink(path):
                real = os.path.realpath(path)
                if not inside(path, fence):
                    yield skip(path, "symlink to a folder outside the repository: not followed")
                    continue
                if inside(real, top) or real in seen:
                    continue  # walked anyway (or a loop): once is enough
                seen.add(real)
            if gitignored is not None:
                if chain and _ignored(chain, name, True):
                    continue
                chains[os.path.join(current, name)] = gitignored.below(chain, absolute, name, root)
            kept.append(name)
        dirnames[:] = kept
        folder: str | None = None
        if included.spec is not None and base is not None:
            folder = os.path.normpath(os.path.join(base, os.path.relpath(current, directory)))
            folder = "" if folder == "." else folder.replace(os.sep, "/")
        for name in sorted(filenames):
            if name.startswith(".") or not included(folder, name):
                continue
            if chain and _ignored(chain, name, False):
                continue
            path = os.path.join(current, name)
            link = os.path.islink(path)
            if not link and plain is not None:
                plain.add(os.path.normpath(path))
            if link and os.path.exists(path) and not inside(path, fence):
                skip(
                    path,
                    "symlink to a file outside the repository: not read "
                    "(name it on the command line to lint it)",
                )
            yield here / name
    while problems:  # the folder itself could not be listed
        yield unreadable_folder(problems.pop(), os.fspath(directory))


def files_to_lint(
    paths: Sequence[Path], overrides: Overrides
) -> Iterator[tuple[Path, Config, tuple[str, ...]]]:
    """Every file to lint under `paths`, with its configuration and the rules its
    `per-file-ignores` switch off; each file once, in a stable order."""
    seen: set[str] = set()
    plain: set[str] = set()  # walked files that are not symlinks
    # The configuration of a file that is not a symlink is its folder's: looked up once
    # per folder, not once per file.
    by_folder: dict[str, Config] = {}
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
                    config = by_folder.get(folder)
                    if config is None:
                        config = by_folder[folder] = config_for(file, overrides.config_path)
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
