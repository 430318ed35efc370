package vpo.config;

import vpo.VpoException;

/** The config file cannot be read or does not make sense. */
public final class ConfigException extends VpoException {
  public ConfigException(String message, String hint, Throwable cause) {
    super(message, hint, cause);
  }
}
