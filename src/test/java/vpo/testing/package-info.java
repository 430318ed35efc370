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
 *   <li>{@link vpo.testing.TestHome} runs the real command line in a temp home, in-process or as a
 *       child JVM.
 * </ul>
 */
package vpo.testing;
