/**
 * Test support shared by the whole suite, one helper per job: real library files, real archives,
 * the real command line, and ways to compare what they leave on disk.
 *
 * <p>Libraries
 *
 * <ul>
 *   <li>{@link vpo.testing.LibraryFixture} builds and edits libraries: {@code createV27} (empty, as
 *       {@code vpo init} makes it), {@code populate(file, files, seed)} (deterministic, realistic
 *       rows in every table), {@code createV25}/{@code createV26} (the layouts vpo migrates from,
 *       with rows), {@code createV20} (a layout vpo refuses); {@code addFiles} (placeholder files
 *       of a given size), {@code addFiller} (bulk, for backups that take a while or need room, and
 *       pages to damage), {@code damage}, {@code setSchemaVersion}, {@code selfContained} (WAL
 *       folded in, rollback mode), {@code execute}, {@code queryLong}, {@code assertHealthy}.
 *       {@code connect(file)} opens a file as VPO does; {@code connect(file, Access.READ_ONLY)}
 *       looks without touching it.
 *   <li>{@link vpo.testing.LibraryContent} reads a file into a canonical form: {@code
 *       assertThat(LibraryContent.dump(restored)).isEqualTo(LibraryContent.dump(source))}.
 *   <li>{@link vpo.testing.SchemaConformance} lists how a file differs from {@code
 *       LIBRARY-SCHEMA.md}, parsed by {@link vpo.testing.SchemaSpec}: {@code
 *       assertThat(SchemaConformance.differences(file)).isEmpty()}.
 *   <li>{@link vpo.testing.UncleanLibrary} makes a library whose last transactions are still only
 *       in its {@code -wal}, as a killed daemon leaves it.
 * </ul>
 *
 * <p>Archives
 *
 * <ul>
 *   <li>{@link vpo.testing.ArchiveBuilder} writes backup archives byte by byte, independently of
 *       vpo's writer (raw ustar headers, {@code GZIPOutputStream} members, metadata as a mutable
 *       JSON object), valid or damaged in exactly one way, of any age and kind: {@code
 *       ArchiveBuilder.of(db).createdAt(t).kind("pre-restore").writeTo(path)}; the Python VPO's
 *       archive with Python's own {@code tarfile} ({@code writePythonStyle}); damage in place
 *       ({@code flipBit}, {@code truncate}); and the raw tar and gzip pieces the archive layer's
 *       tests assemble.
 *   <li>{@link vpo.testing.ArchiveSeenByCommonsCompress} reads a backup archive with
 *       commons-compress alone (entry headers, metadata, the database's size and SHA-256,
 *       optionally extracting it), so archive checks never rely on vpo's own reader.
 *   <li>{@link vpo.testing.PythonArchiveCheck} opens an archive with stock Python alone ({@code
 *       tarfile}, {@code json}, {@code sqlite3}) and reports its members, metadata types and
 *       database: the check that an archive is one the Python VPO reads.
 *   <li>{@link vpo.testing.AgeTool} runs the real {@code age} and {@code age-keygen} as a user
 *       without vpo would: make a key, encrypt by hand, decrypt, {@code age -d | tar xzf -}.
 *   <li>{@link vpo.testing.GzipMembers} finds a gzip stream's members by parsing and inflating them
 *       itself.
 *   <li>{@link vpo.testing.MaximalMembers} streams gzip members as large as vpo's reader accepts,
 *       without holding them in memory.
 * </ul>
 *
 * <p>Homes, processes and the disk
 *
 * <ul>
 *   <li>{@link vpo.testing.TestHome} runs the real command line in a temp home, in-process or as a
 *       child JVM; {@code TestHome.withLibrary(dir, start, files, seed)} is the home most command
 *       tests start from, {@code backup()} takes a backup and returns its JSON report.
 *   <li>{@link vpo.testing.CliAssertions} checks what a run printed: exactly one JSON document, one
 *       {@code Error:} line, no stack trace.
 *   <li>{@link vpo.testing.ChildProcesses} starts stock tools, {@code python3} ({@link
 *       vpo.testing.Python}) and helper JVMs, and kills whatever still runs at the end of a test
 *       (register it with {@code @RegisterExtension}).
 *   <li>{@link vpo.testing.DiskState} says what is on disk: every file under a directory with its
 *       SHA-256, for "nothing changed" assertions, and listings of names, paths, temp files and
 *       archives, for "nothing was left behind" ones. {@link vpo.testing.Sha256} hashes bytes and
 *       files.
 * </ul>
 *
 * <p>S3 (in {@code vpo.location}, public for the command tests)
 *
 * <ul>
 *   <li>{@link vpo.location.S3TestServer} is a real S3 server (s3proxy on 127.0.0.1, started once
 *       per test JVM): {@code newBucket()} for each test, {@code env()} for a home's AWS variables,
 *       and a plain SDK client to look at what the store holds ({@code keys}, {@code uploads},
 *       {@code bytes}, {@code metadata}, {@code put}).
 *   <li>{@link vpo.location.FaultProxy} sits between vpo and that server and cuts, stalls or
 *       answers connections; the command tests in {@code vpo.cli} reach it through {@code
 *       AWS_ENDPOINT_URL} (their helper {@code S3Cli} sets a home's variables and checks that no
 *       secret was printed or logged).
 * </ul>
 *
 * <p>The archive layer's unit tests add their own samples in {@code vpo.archive} ({@code
 * ArchiveSamples}: the sample metadata, SQLite-like bytes and vpo's own archive of them; {@code
 * WorkerThreads}: the threads that must end).
 */
package vpo.testing;
