#!/usr/bin/env python3
"""The Python VPO's way of backing up a library, for bench/run to time as a baseline.

    python_vpo_backup.py LIBRARY ARCHIVE

Like the Python VPO: a snapshot through Python's sqlite3 online-backup API, then one tar
stream (library.db first, then backup_metadata.json) compressed by tarfile with gzip
level 9 on one thread. The metadata holds the fields the Python VPO writes; no checksum.
"""
import datetime
import io
import json
import os
import sqlite3
import sys
import tarfile


def main(library, archive):
    snapshot = archive + ".snapshot.db"
    try:
        src = sqlite3.connect(library)
        dst = sqlite3.connect(snapshot)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        created = datetime.datetime.now(datetime.timezone.utc)
        meta = json.dumps({
            "vpo_version": "python-baseline",
            "schema_version": 27,
            "created_at": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "database_size_bytes": os.path.getsize(snapshot),
            "compression": "gzip",
        }, indent=2).encode()
        with tarfile.open(archive, "w:gz", compresslevel=9) as tar:
            tar.add(snapshot, arcname="library.db")
            info = tarfile.TarInfo("backup_metadata.json")
            info.size = len(meta)
            info.mtime = int(created.timestamp())
            tar.addfile(info, io.BytesIO(meta))
    finally:
        if os.path.exists(snapshot):
            os.remove(snapshot)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[2].strip())
    main(sys.argv[1], sys.argv[2])
