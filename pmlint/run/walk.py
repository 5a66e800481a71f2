"""Walking a folder for post-mortems: `include`, hidden and vendored folders, `.gitignore`.

A walk yields the files `include` matches under a folder, not entering hidden folders,
vendored trees (`node_modules`, `venv`, ...) or, with `respect-gitignore` (the default),
what `.gitignore` ignores; symlinks are followed only inside the repository. Exclude
patterns and `per-file-ignores` are applied by the caller (`pmlint.run.files`).

pathspec (gitignore and `**` matching) is imported only when a folder has ignore files or
`include` has a path pattern, so linting named files (the pre-commit hook) does not pay
for it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from fnmatch import fnmatch
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmlint.run.skipped import boundary, inside, skip, unreadable_folder

if TYPE_CHECKING:
    from pmlint.config.settings import Config
    from pmlint.run.runner import Overrides

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


@lru_cache(maxsize=4096)
def resolved(folder: str) -> Path:
    """A folder with its symlinks resolved (once per folder, not per file)."""
    return Path(folder).resolve()


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
    top = resolved(str(directory))
    chains: dict[str, Chain] = {}
    root = top
    if gitignored is not None:
        root = gitignored.root_of(top, resolved(str(config.root)))
        chains[str(directory)] = gitignored.chain_to(top, root)
    try:  # where the walk starts, relative to the configuration's folder
        base: str | None = top.relative_to(resolved(str(config.root))).as_posix()
    except ValueError:
        base = None  # outside it: path patterns of `include` cannot match
    fence = boundary(directory)  # symlinks are followed only inside the repository
    seen: set[str] = set()
    problems: list[OSError] = []
    for current, dirnames, links, filenames in _listing(os.fspath(directory), problems.append):
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
            if name in links:
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
            link = name in links
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


def _listing(
    top: str, onerror: Callable[[OSError], object]
) -> Iterator[tuple[str, list[str], set[str], list[str]]]:
    """`os.walk(top, onerror=onerror, followlinks=True)`, top-down and in the same order,
    with the names of the folder's entries that are symlinks: the listing tells, so no
    entry needs a `stat` of its own to say (one per file for a walk of `os.walk`'s).
    Pruning the folder names it yields prunes the walk, as with `os.walk`."""
    pending = [top]
    while pending:
        current = pending.pop()
        dirnames: list[str] = []
        filenames: list[str] = []
        links: set[str] = set()
        try:
            with os.scandir(current) as entries:
                for entry in entries:
                    try:
                        is_dir = entry.is_dir()
                    except OSError:
                        is_dir = False
                    try:
                        if entry.is_symlink():
                            links.add(entry.name)
                    except OSError:
                        pass
                    (dirnames if is_dir else filenames).append(entry.name)
        except OSError as error:
            onerror(error)
            continue
        yield current, dirnames, links, filenames
        pending.extend(os.path.join(current, name) for name in reversed(dirnames))
