package vpo.restore;

import java.nio.file.Path;
import java.util.List;
import vpo.archive.BackupMetadata;

/**
 * An archive that passed every check, with its database extracted to a temp file.
 *
 * @param schemaVersion the version recorded inside the extracted database (the truth; the
 *     metadata's copy is only what the writer believed)
 * @param fileCount rows in the extracted database's {@code files}
 * @param warnings things worth telling the user that do not make the archive invalid
 */
public record ValidatedArchive(
    BackupMetadata metadata,
    Path database,
    long databaseSizeBytes,
    String databaseSha256,
    int schemaVersion,
    long fileCount,
    List<String> warnings) {}
