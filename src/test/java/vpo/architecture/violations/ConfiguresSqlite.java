package vpo.architecture.violations;

import org.sqlite.SQLiteConfig;

/** Code outside the library package that configures SQLite connections. */
public final class ConfiguresSqlite {
  private ConfiguresSqlite() {}

  static SQLiteConfig config() {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(1);
    return config;
  }
}
