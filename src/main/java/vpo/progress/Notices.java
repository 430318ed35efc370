package vpo.progress;

/**
 * How the domain tells the user what it did on its own, beside the result: a library created on
 * first use, a stale upload cleaned away. The command line prints each on stderr.
 */
@FunctionalInterface
public interface Notices {
  void note(String message);

  Notices NONE = message -> {};
}
