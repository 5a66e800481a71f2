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

import glob
import os
from collections.abc import Iterator, Sequence
from fnmatch import fnmatch
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmlint.config.settings import Config, config_for

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
            matches = sorted(glob.glob(argument, recursive=True))
            if not matches:
                raise PathError(f"'{argument}' matches no file or folder")
            paths.extend(Path(match) for match in matches)
        else:
            raise PathError(f"path '{argument}' does not exist")
    return paths


def relative_to(path: Path, root: Path) -> str:
    """`path` relative to `root` with forward slashes, or as given when outside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):
        return path.as_posix()


def matching_pattern(relative: str, patterns: Sequence[str]) -> str | None:
    """The first exclude-style pattern matching a relative path: the whole path, one of its
    folder or file names, or a folder above it (`drafts/` or `drafts` for everything in
    it). None when none does."""
    if not patterns:
        return None
    parts = relative.split("/")
    for raw in patterns:
        pattern = raw.rstrip("/")
        if not pattern:
            continue
        if fnmatch(relative, pattern) or fnmatch(relative, pattern + "/*"):
            return raw
        if "/" not in pattern and any(fnmatch(part, pattern) for part in parts):
            return raw
    return None


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

    def __call__(self, path: Path) -> bool:
        if any(fnmatch(path.name, pattern) for pattern in self.names):
            return True
        return self.spec is not None and bool(self.spec.match_file(relative_to(path, self.root)))


class GitIgnored:
    """`.gitignore` files (and `.git/info/exclude`) as git reads them: each applies to the
    folder it is in, a deeper one overrides a shallower one, `!pattern` re-includes.

    Files are read from the repository root (the nearest folder above holding `.git`)
    down; outside a repository, from the folder being walked down."""

    def __init__(self) -> None:
        import pathspec  # lazy for start-up time: only when folders are walked

        self._pathspec = pathspec
        self._specs: dict[Path, Any] = {}  # folder -> its own spec (None: no .gitignore)
        self._roots: dict[Path, Path] = {}

    def _own(self, folder: Path, root: Path) -> Any:
        if folder not in self._specs:
            lines: list[str] = []
            sources = [folder / ".gitignore"]
            if folder == root:
                sources.insert(0, folder / ".git" / "info" / "exclude")
            for source in sources:
                try:
                    lines += source.read_text(encoding="utf-8", errors="replace").splitlines()
                except OSError:
                    continue
            self._specs[folder] = self._pathspec.GitIgnoreSpec.from_lines(lines) if lines else None
        return self._specs[folder]

    def root_of(self, start: Path, fallback: Path) -> Path:
        """The repository root above `start`; outside a repository `fallback` (the
        configuration's folder) when `start` is below it, else `start` itself."""
        cached = self._roots.get(start)
        if cached is None:
            cached = start
            for folder in (start, *start.parents):
                if (folder / ".git").exists():
                    cached = folder
                    break
            else:
                if start == fallback or fallback in start.parents:
                    cached = fallback
            self._roots[start] = cached
        return cached

    def ignored(self, path: Path, is_dir: bool, root: Path) -> bool:
        """Whether git would ignore `path` (absolute, below `root`)."""
        try:
            relative = path.relative_to(root)
        except ValueError:
            return False
        verdict = False
        folder = root
        parts = relative.parts
        for depth in range(len(parts)):
            spec = self._own(folder, root)
            if spec is not None:
                rest = "/".join(parts[depth:]) + ("/" if is_dir else "")
                result = spec.check_file(rest)
                if result.include is not None:
                    verdict = bool(result.include)
            folder = folder / parts[depth]
        return verdict


def walk(directory: Path, config: Config, overrides: Overrides | None) -> Iterator[Path]:
    """Files under `directory` that `include` matches, not entering hidden, vendored or
    git-ignored folders (each file's exclude patterns are applied by the caller)."""
    included = _Included(config)
    gitignored: GitIgnored | None = None
    root = Path()
    if config.settings.respect_gitignore:
        gitignored = GitIgnored()
        root = gitignored.root_of(directory.resolve(), config.root.resolve())
    for current, dirnames, filenames in os.walk(directory, followlinks=False):
        here = Path(current)
        absolute = here.resolve() if gitignored is not None else here
        kept = []
        for name in sorted(dirnames):
            if name.startswith(".") or name in SKIPPED_DIRS:
                continue
            if gitignored is not None and gitignored.ignored(absolute / name, True, root):
                continue
            kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = here / name
            if not included(path):
                continue
            if gitignored is not None and gitignored.ignored(absolute / name, False, root):
                continue
            yield path


def files_to_lint(
    paths: Sequence[Path], overrides: Overrides
) -> Iterator[tuple[Path, Config, tuple[str, ...]]]:
    """Every file to lint under `paths`, with its configuration and the rules its
    `per-file-ignores` switch off; each file once, in a stable order."""
    seen: set[str] = set()
    for path in paths:
        if path.is_dir():
            folder_config = config_for(path / "_", overrides.config_path)
            candidates: Iterator[Path] = walk(path, folder_config, overrides)
        else:
            candidates = iter([path])
        for file in candidates:
            key = os.path.normpath(str(file))
            if key in seen:
                continue
            seen.add(key)
            try:
                config = config_for(file, overrides.config_path)
                if excluded_by(file, config, overrides) is not None:
                    continue
            except (OSError, RuntimeError):
                # A symlink loop cannot be resolved: take the config of its folder and let
                # the reader report the file (PM001) instead of stopping the run.
                config = config_for(file.parent / "_", overrides.config_path)
            yield file, config, ignored_rules(file, config)
