package vpo;

import vpo.cli.Cli;
import vpo.cli.Environment;

/** Entry point: runs one command and exits with its code. The only {@code System.exit}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int code = new Cli(Environment.system()).run(args);
    System.exit(code);
  }
}
