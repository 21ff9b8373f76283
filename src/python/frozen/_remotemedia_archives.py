"""The archives inside the .wasm (src/python/embedded_python.h).

The trimmed stdlib and the remotemedia package are zips of .pyc in the program's own
memory, on sys.path under paths that exist only in this process. io.open_code serves them
from memory (the C hook calls open_archive), and a path hook builds their zipimporters,
whose constructor would stat() the path. The result is an ordinary zipimporter, so
importlib.resources, pkgutil and tracebacks behave as usual. This relies on zipimport
internals (_read_directory, _zip_directory_cache, _files) of CPython 3.8-3.12.
Frozen into the program (frozen_modules.h): it is imported before any archive can be.
"""
import sys

_archives = {}  # virtual path -> memoryview of the archive in the program's memory


class ArchiveFile:
    """A read-only binary file over an archive in memory. A read copies only the bytes it
    returns: io.BytesIO would copy the whole archive first, megabytes of fresh memory."""

    __slots__ = ("_view", "_pos")

    def __init__(self, view):
        self._view = view
        self._pos = 0

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        pass

    def close(self):
        pass

    def tell(self):
        return self._pos

    def seek(self, offset, whence=0):
        pos = offset + (0, self._pos, len(self._view))[whence]
        if pos < 0:
            raise OSError(22, "Invalid argument")
        self._pos = pos
        return pos

    def read(self, size=-1):
        start = self._pos
        end = len(self._view) if size is None or size < 0 else min(start + size, len(self._view))
        self._pos = max(start, end)
        return self._view[start:end].tobytes()


def open_archive(path):
    """What io.open_code(path) returns for an archive's path; None for any other path."""
    view = _archives.get(path)
    return None if view is None else ArchiveFile(view)


def _zipimporter_for(path):
    for root in _archives:
        if path == root or path.startswith(root + "/"):
            break
    else:
        raise ImportError("not an archive inside the .wasm", path=path)
    import zipimport
    files = zipimport._zip_directory_cache.get(root)
    if files is None:
        files = zipimport._read_directory(root)
        zipimport._zip_directory_cache[root] = files
    importer = zipimport.zipimporter.__new__(zipimport.zipimporter)
    prefix = path[len(root) + 1:]
    importer._files, importer.archive = files, root
    importer.prefix = prefix + "/" if prefix and not prefix.endswith("/") else prefix
    return importer


def install(archives):
    """Serves `archives` ({virtual path: memoryview}) to io.open_code and zipimport."""
    _archives.update(archives)
    sys.path_hooks.append(_zipimporter_for)
