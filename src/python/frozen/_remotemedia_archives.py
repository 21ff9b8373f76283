"""The archives inside the .wasm (src/python/embedded_python.h).

The trimmed stdlib and the remotemedia package are zips of .pyc inside the program (its
passive data segments, apps/wasm/archive_segments.c), on sys.path under paths that exist
only in this process. io.open_code serves them (the C hook calls open_archive), each read
copying out only the bytes it returns, and a path hook builds their zipimporters,
whose constructor would stat() the path. The result is an ordinary zipimporter, so
imports, pkgutil.get_data and tracebacks (without source lines: the archives hold .pyc
only) behave as usual; importlib.resources.files() does not, as it opens the archive by
path. This relies on zipimport internals (_read_directory, _zip_directory_cache, _files)
of CPython 3.8-3.12.
Frozen into the program (frozen_modules.h): it is imported before any archive can be.
"""
import sys

_archives = {}  # virtual path -> (size, read): read(offset, count) -> bytes of the archive


class ArchiveFile:
    """A read-only binary file over an archive inside the program."""

    __slots__ = ("_size", "_read", "_pos")

    def __init__(self, size, read):
        self._size = size
        self._read = read
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
        pos = offset + (0, self._pos, self._size)[whence]
        if pos < 0:
            raise OSError(22, "Invalid argument")
        self._pos = pos
        return pos

    def read(self, size=-1):
        start = self._pos
        end = self._size if size is None or size < 0 else min(start + size, self._size)
        if end <= start:
            return b""
        self._pos = end
        return self._read(start, end - start)


def open_archive(path):
    """What io.open_code(path) returns for an archive's path; None for any other path."""
    archive = _archives.get(path)
    return None if archive is None else ArchiveFile(*archive)


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
    """Serves `archives` ({virtual path: (size, read)}) to io.open_code and zipimport."""
    _archives.update(archives)
    sys.path_hooks.append(_zipimporter_for)
