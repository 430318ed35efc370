package vpo.architecture.violations;

/** Domain code that ends the process without running shutdown hooks. */
public final class HaltsTheJvm {
  private HaltsTheJvm() {}

  static void giveUp() {
    Runtime.getRuntime().halt(3);
  }
}
