package vpo.library;

import java.util.List;

/**
 * How one table of a library would change if another library were restored over it: the rows it
 * would lose, the rows it would get back, and the rows present in both that would change.
 *
 * @param table the table's name, as in the VPO schema ({@code files}, {@code tracks}, ...)
 * @param removed rows of the replaced library that the restore removes: in it, not in the restored
 *     one
 * @param added rows the restore brings back: in the restored library, not in the replaced one
 * @param changed rows in both (matched by primary key; {@code files} also by path) with any column
 *     different
 * @param removedSample the first keys of the removed rows, in key order (at most the sample size)
 * @param addedSample the first keys of the added rows
 * @param changedSample the first keys of the changed rows
 * @param sampleKey what the samples are: {@code path} for {@code files}, otherwise the primary
 *     key's column(s) ({@code id}); empty when the table has no key to sample by
 */
public record TableDifference(
    String table,
    long removed,
    long added,
    long changed,
    List<String> removedSample,
    List<String> addedSample,
    List<String> changedSample,
    String sampleKey) {
  public TableDifference {
    removedSample = List.copyOf(removedSample);
    addedSample = List.copyOf(addedSample);
    changedSample = List.copyOf(changedSample);
  }

  /** Whether the restore leaves this table's rows exactly as they are. */
  public boolean isUnchanged() {
    return removed == 0 && added == 0 && changed == 0;
  }
}
