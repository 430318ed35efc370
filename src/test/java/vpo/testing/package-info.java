/**
 * Test support shared by the whole suite: real library files and ways to compare them.
 *
 * <ul>
 *   <li>{@link vpo.testing.LibraryFixture} builds libraries: {@code createV27} (empty, as vpo
 *       creates it), {@code populate(file, files, seed)} (deterministic, realistic rows in every
 *       table), {@code createV25}/{@code createV26} (the layouts vpo migrates from, with rows),
 *       {@code createV20} (a layout vpo refuses); {@code connect} opens a file as the product does,
 *       {@code openReadOnly} without touching it.
 *   <li>{@link vpo.testing.LibraryContent} reads a file into a canonical form: {@code
 *       assertThat(LibraryContent.dump(restored)).isEqualTo(LibraryContent.dump(source))}.
 *   <li>{@link vpo.testing.SchemaConformance} lists how a file differs from {@code
 *       LIBRARY-SCHEMA.md}, parsed by {@link vpo.testing.SchemaSpec}: {@code
 *       assertThat(SchemaConformance.differences(file)).isEmpty()}.
 *   <li>{@link vpo.testing.ArchiveBuilder} writes backup archives byte by byte (raw ustar headers,
 *       {@code GZIPOutputStream} members, metadata as a mutable JSON object), valid or damaged in
 *       exactly one way: {@code ArchiveBuilder.of(db).writeTo(path)}.
 *   <li>{@link vpo.testing.DiskState} hashes every file under a directory, for "nothing on disk
 *       changed" assertions; {@link vpo.testing.UncleanLibrary} makes a library whose last
 *       transactions are still only in its {@code -wal}, as a killed daemon leaves it.
 *   <li>{@link vpo.testing.ArchiveSeenByCommonsCompress} reads a backup archive with
 *       commons-compress alone (entry headers, metadata, the database's size and SHA-256,
 *       optionally extracting it), so archive checks never rely on vpo's own reader.
 *   <li>{@link vpo.testing.ChildProcesses} starts stock tools, {@code python3} ({@link
 *       vpo.testing.Python}) and helper JVMs and kills whatever still runs at the end of a test.
 *   <li>{@link vpo.testing.PayloadTable} adds bulk to a library, for backups that take a while or
 *       need room.
 *   <li>{@link vpo.testing.TreeListing} lists files, temp files and archives under a directory, for
 *       "nothing was left behind" assertions.
 *   <li>{@link vpo.testing.TestHome} runs the real command line in a temp home, in-process or as a
 *       child JVM.
 * </ul>
 */
package vpo.testing;
