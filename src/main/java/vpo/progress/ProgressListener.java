package vpo.progress;

/**
 * How long-running domain work reports progress without knowing who listens. The CLI renders it as
 * a progress bar on a terminal; tests and pipes pass {@link #NONE}.
 */
public interface ProgressListener {
  /** A new phase of work begins; {@code totalBytes} is -1 when unknown. */
  void start(String task, long totalBytes);

  /** {@code bytes} more of the current phase are done. Called from any thread. */
  void advance(long bytes);

  /** The current phase is over. */
  void finish();

  /**
   * {@code listener} with every phase shown as {@code task}: work that is a step of something else
   * (the safety copy a restore makes) is named as that step, not as its own phases.
   */
  static ProgressListener relabelled(ProgressListener listener, String task) {
    if (listener == NONE) {
      return NONE;
    }
    return new ProgressListener() {
      @Override
      public void start(String ignored, long totalBytes) {
        listener.start(task, totalBytes);
      }

      @Override
      public void advance(long bytes) {
        listener.advance(bytes);
      }

      @Override
      public void finish() {
        listener.finish();
      }
    };
  }

  ProgressListener NONE =
      new ProgressListener() {
        @Override
        public void start(String task, long totalBytes) {}

        @Override
        public void advance(long bytes) {}

        @Override
        public void finish() {}
      };
}
