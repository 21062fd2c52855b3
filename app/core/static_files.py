"""Static files and compression, served by the app itself (no proxy needed for either).

- Static files are served by WhiteNoise in front of Flask. Each file is also served under a
  name carrying a hash of its content (css/respondent.3f9a1c0b7d2e.css), which
  `url_for('static', filename='css/respondent.css')` gives, cached for a year as immutable:
  a second page needs no request for it, and a new build changes the name. The plain name
  still works, cached for a minute (scripts import their modules by it).
- Text files (CSS, JS, SVG) are kept precompressed beside themselves (.gz and .br, written
  at start-up when missing or older than the file) and sent in the encoding the browser
  asks for.
- HTML is compressed (Brotli or gzip, as asked) on the views marked `@compressed`: the
  respondent's pages, which are read on phones on a poor signal. Staff pages are left
  alone: they carry session-bound CSRF tokens and case data beside text a person typed,
  the mix that compression side channels (BREACH) read.
"""
from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
from pathlib import Path

from flask import Flask
from flask_compress import Compress

COMPRESSIBLE = (".css", ".js", ".mjs", ".svg", ".json", ".txt", ".map")
HASHED = (".css", ".js", ".svg", ".png", ".ico", ".webp")
# Modules other scripts import by their plain name (init.js imports "./govuk-frontend.min.js"):
# a hashed name on the page would load a second copy. .mjs files are all imported so.
IMPORTED_BY_NAME = {"js/govuk-frontend.min.js"}
PLAIN_MAX_AGE = 60  # seconds, for a file asked for by its plain name
YEAR = 365 * 24 * 3600

_compress = Compress()
compressed = _compress.compressed()  # the decorator for views whose HTML is compressed


def hashed_name(name: str, content: bytes) -> str:
    """`css/respondent.css` -> `css/respondent.<12 hex digits of its SHA-256>.css`."""
    stem, dot, ext = name.rpartition(".")
    return f"{stem}.{hashlib.sha256(content).hexdigest()[:12]}.{ext}"


def _write_atomically(path: Path, data: bytes, mtime: float) -> None:
    # Several workers may start at once: each writes its own temporary file, then renames.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.chmod(tmp, 0o644)
    os.utime(tmp, (mtime, mtime))
    os.replace(tmp, path)


def precompress(path: Path) -> None:
    """Write path.gz and path.br if missing or older than the file."""
    import brotli

    stat = path.stat()
    for suffix, squeeze in ((".gz", lambda d: gzip.compress(d, compresslevel=9, mtime=0)),
                            (".br", lambda d: brotli.compress(d, quality=11))):
        target = path.with_name(path.name + suffix)
        if target.exists() and target.stat().st_mtime >= stat.st_mtime:
            continue
        _write_atomically(target, squeeze(path.read_bytes()), stat.st_mtime)


def manifest(root: Path) -> dict[str, str]:
    """Plain name -> hashed name of every static file that gets one, compressing as it goes."""
    names: dict[str, str] = {}
    if not root.is_dir():
        return names
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.name.startswith(".") or path.suffix in (".gz", ".br"):
            continue
        name = path.relative_to(root).as_posix()
        if path.suffix in COMPRESSIBLE:
            precompress(path)
        if path.suffix in HASHED and name not in IMPORTED_BY_NAME:
            names[name] = hashed_name(name, path.read_bytes())
    return names


def _headers(headers, path, url) -> None:
    # Served before Flask, so without app.core.security's headers: the one that matters here.
    headers["X-Content-Type-Options"] = "nosniff"


def init_app(app: Flask) -> None:
    from whitenoise import WhiteNoise

    app.config.setdefault("COMPRESS_REGISTER", False)  # only views marked @compressed
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_MIMETYPES", ["text/html"])
    _compress.init_app(app)

    root = Path(app.static_folder)
    names = manifest(root)
    prefix = app.static_url_path.rstrip("/") + "/"
    forever = {prefix + hashed for hashed in names.values()}
    static = WhiteNoise(app.wsgi_app, max_age=PLAIN_MAX_AGE, allow_all_origins=False,
                        immutable_file_test=lambda path, url: url in forever, add_headers_function=_headers)
    static.add_files(str(root), prefix=prefix)
    for name, hashed in names.items():
        static.add_file_to_dictionary(prefix + hashed, str(root / name))
    app.wsgi_app = static
    app.extensions["static_manifest"] = names

    @app.url_defaults
    def hashed_static(endpoint, values):
        if endpoint == "static" and values.get("filename") in names:
            values["filename"] = names[values["filename"]]
