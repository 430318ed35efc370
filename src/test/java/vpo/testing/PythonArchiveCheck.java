package vpo.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;

/**
 * A backup archive opened with stock Python and no vpo code: gzip members counted with {@code
 * zlib}, the members listed and {@code library.db} extracted with {@code tarfile}, the metadata
 * read with {@code json}, the database checked with {@code sqlite3} and hashed with {@code hashlib}
 * (ARCHIVE-FORMAT.md: what the Python VPO reads).
 */
public final class PythonArchiveCheck {
  /**
   * Extracts {@code library.db} with tarfile into a directory and reports, as JSON, every member's
   * header, the metadata with the Python type of each value, and what sqlite3 and hashlib see in
   * the extracted database.
   */
  private static final String INSPECT =
      """
      import hashlib, json, os, sqlite3, sys, tarfile, zlib
      archive, out = sys.argv[1], sys.argv[2]
      report = {}
      with open(archive, "rb") as f:
          data = f.read()
      members = 0
      while data:
          d = zlib.decompressobj(31)
          d.decompress(data)
          members += 1
          data = d.unused_data
      report["gzip_members"] = members
      with tarfile.open(archive, "r:gz") as tar:
          report["members"] = [
              {"name": m.name, "regular": m.isreg(), "mode": m.mode, "uid": m.uid,
               "uname": m.uname, "gname": m.gname, "size": m.size, "mtime": m.mtime}
              for m in tar.getmembers()]
          meta = json.loads(tar.extractfile("backup_metadata.json").read().decode("utf-8"))
          extra = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
          tar.extract("library.db", out, **extra)
      report["metadata"] = meta
      report["metadata_types"] = {k: type(v).__name__ for k, v in meta.items()}
      db = os.path.join(out, "library.db")
      with open(db, "rb") as f:
          report["db_sha256"] = hashlib.sha256(f.read()).hexdigest()
      report["db_size"] = os.path.getsize(db)
      c = sqlite3.connect(db)
      report["journal_mode"] = c.execute("PRAGMA journal_mode").fetchone()[0]
      report["quick_check"] = [r[0] for r in c.execute("PRAGMA quick_check")]
      report["files"] = c.execute("SELECT count(*) FROM files").fetchone()[0]
      c.close()
      print(json.dumps(report))
      """;

  private PythonArchiveCheck() {}

  /**
   * Opens {@code archive} with Python, extracting {@code library.db} into {@code extractTo} (which
   * must exist); returns the report: {@code gzip_members}, {@code members[]} ({@code name, regular,
   * mode, uid, uname, gname, size, mtime}), {@code metadata}, {@code metadata_types} (the Python
   * type of each metadata value), {@code db_sha256}, {@code db_size}, {@code journal_mode}, {@code
   * quick_check[]}, {@code files}. Fails the test if Python cannot open it.
   */
  public static JsonNode inspect(ChildProcesses children, Path archive, Path extractTo) {
    ChildProcesses.Output py =
        children.run(120, Python.command(INSPECT, archive.toString(), extractTo.toString()));
    assertThat(py.exitCode()).as(py.toString()).isZero();
    try {
      return new ObjectMapper().readTree(py.out());
    } catch (JsonProcessingException e) {
      throw new AssertionError("Python's report is not JSON: " + py, e);
    }
  }
}
