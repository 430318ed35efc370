package vpo.location;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach S3 locations: endpoint, region, addressing style and credentials, resolved the way
 * the AWS tools resolve them. Built from values passed in (the process environment, the home
 * directory, vpo's {@code [s3]} config section), never from the JVM's own environment, so it can be
 * tested in a temporary home. Loads no S3 client classes.
 *
 * <p>Precedence, highest first (the environment overrides configuration files, as with every AWS
 * tool, so a one-off {@code AWS_ENDPOINT_URL=... vpo ...} needs no config edit):
 *
 * <ul>
 *   <li>endpoint: {@code AWS_ENDPOINT_URL_S3}, {@code AWS_ENDPOINT_URL}, {@code [s3] endpoint}, the
 *       profile's {@code s3 = endpoint_url} or {@code endpoint_url} in {@code ~/.aws/config}; none
 *       means AWS itself.
 *   <li>region: {@code AWS_REGION}, {@code AWS_DEFAULT_REGION}, {@code [s3] region}, the profile's
 *       {@code region}; otherwise {@code us-east-1} (with a custom endpoint that is what
 *       self-hosted stores expect; on AWS, requests to a bucket elsewhere are redirected).
 *   <li>profile: {@code AWS_PROFILE}, {@code [s3] profile}, {@code default}.
 *   <li>credentials: {@code AWS_ACCESS_KEY_ID} + {@code AWS_SECRET_ACCESS_KEY} (+ {@code
 *       AWS_SESSION_TOKEN}); then the profile in {@code ~/.aws/credentials}, then in {@code
 *       ~/.aws/config} (static keys, or {@code credential_process}). {@code
 *       AWS_SHARED_CREDENTIALS_FILE} and {@code AWS_CONFIG_FILE} move those files. Instance
 *       metadata (EC2, containers) is never probed.
 *   <li>path-style addressing: {@code [s3] path_style}, the profile's {@code s3 =
 *       addressing_style}; otherwise on exactly when a custom endpoint is set.
 * </ul>
 *
 * <p>{@link #toString} and every message name where credentials came from, never their values.
 */
public final class S3Settings {
  /** What was used when nothing sets a region. */
  public static final String DEFAULT_REGION = "us-east-1";

  /**
   * The {@code [s3]} section of vpo's config; any value may be null (unset).
   *
   * @param pathStyle path-style addressing ({@code http://host/bucket/key})
   */
  public record Config(String endpoint, String region, String profile, Boolean pathStyle) {
    /** No {@code [s3]} section. */
    public static final Config NONE = new Config(null, null, null, null);
  }

  /** Credentials as found; their values never appear in {@link #toString}. */
  record Credentials(
      String accessKeyId, String secretAccessKey, String sessionToken, String process) {
    @Override
    public String toString() {
      return "Credentials[redacted]";
    }
  }

  private final URI endpoint;
  private final String region;
  private final boolean regionConfigured;
  private final String profile;
  private final boolean pathStyle;
  private final Credentials credentials;
  private final String credentialsSource;
  private final String credentialsProblem;

  private S3Settings(
      URI endpoint,
      String region,
      boolean regionConfigured,
      String profile,
      boolean pathStyle,
      Credentials credentials,
      String credentialsSource,
      String credentialsProblem) {
    this.endpoint = endpoint;
    this.region = region;
    this.regionConfigured = regionConfigured;
    this.profile = profile;
    this.pathStyle = pathStyle;
    this.credentials = credentials;
    this.credentialsSource = credentialsSource;
    this.credentialsProblem = credentialsProblem;
  }

  /**
   * Resolves the settings from the process environment {@code env}, the AWS files under {@code
   * home}, and vpo's {@code [s3]} section.
   */
  public static S3Settings resolve(Map<String, String> env, Path home, Config config) {
    Config c = config == null ? Config.NONE : config;
    String profileName = first(env.get("AWS_PROFILE"), c.profile(), "default");
    boolean profileNamed = first(env.get("AWS_PROFILE"), c.profile()) != null;
    Path credentialsFile =
        file(env.get("AWS_SHARED_CREDENTIALS_FILE"), home, home.resolve(".aws/credentials"));
    Path configFile = file(env.get("AWS_CONFIG_FILE"), home, home.resolve(".aws/config"));
    Map<String, String> fromCredentials = section(credentialsFile, profileName, false);
    Map<String, String> fromConfig = section(configFile, profileName, true);

    URI endpoint =
        endpoint(
            first(
                env.get("AWS_ENDPOINT_URL_S3"),
                env.get("AWS_ENDPOINT_URL"),
                c.endpoint(),
                fromConfig.get("s3.endpoint_url"),
                fromConfig.get("endpoint_url")));
    String configuredRegion =
        first(
            env.get("AWS_REGION"),
            env.get("AWS_DEFAULT_REGION"),
            c.region(),
            fromConfig.get("region"));
    String addressing = fromConfig.get("s3.addressing_style");
    boolean pathStyle =
        c.pathStyle() != null
            ? c.pathStyle()
            : addressing != null ? addressing.trim().equals("path") : endpoint != null;

    Credentials credentials = null;
    String source = null;
    String problem = null;
    String envKey = blankToNull(env.get("AWS_ACCESS_KEY_ID"));
    String envSecret = blankToNull(env.get("AWS_SECRET_ACCESS_KEY"));
    if (envKey != null && envSecret != null) {
      credentials =
          new Credentials(envKey, envSecret, blankToNull(env.get("AWS_SESSION_TOKEN")), null);
      source = "the environment";
    } else if (envKey != null || envSecret != null) {
      problem =
          (envKey == null
              ? "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not"
              : "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
    } else {
      for (var found :
          List.of(Map.entry(credentialsFile, fromCredentials), Map.entry(configFile, fromConfig))) {
        Map<String, String> p = found.getValue();
        String where = "profile '" + profileName + "' in " + found.getKey();
        String key = blankToNull(p.get("aws_access_key_id"));
        String secret = blankToNull(p.get("aws_secret_access_key"));
        if (key != null && secret != null) {
          credentials = new Credentials(key, secret, blankToNull(p.get("aws_session_token")), null);
          source = where;
          break;
        }
        if (key != null || secret != null) {
          problem = where + " has only one of aws_access_key_id and aws_secret_access_key";
          break;
        }
        String process = blankToNull(p.get("credential_process"));
        if (process != null) {
          credentials = new Credentials(null, null, null, process);
          source = where + " (credential_process)";
          break;
        }
        for (String unsupported :
            List.of("role_arn", "sso_session", "sso_start_url", "web_identity_token_file")) {
          if (p.containsKey(unsupported)) {
            problem =
                where
                    + " gets its credentials through "
                    + unsupported
                    + ", which vpo does not support";
            break;
          }
        }
        if (problem != null) {
          break;
        }
      }
      if (credentials == null && problem == null) {
        if (profileNamed && fromCredentials.isEmpty() && fromConfig.isEmpty()) {
          problem =
              "profile '"
                  + profileName
                  + "' is in neither "
                  + credentialsFile
                  + " nor "
                  + configFile;
        } else {
          problem =
              "AWS_ACCESS_KEY_ID is not set and profile '"
                  + profileName
                  + "' has no keys in "
                  + credentialsFile
                  + " or "
                  + configFile;
        }
      }
    }
    return new S3Settings(
        endpoint,
        configuredRegion == null ? DEFAULT_REGION : configuredRegion.trim(),
        configuredRegion != null,
        profileName,
        pathStyle,
        credentials,
        source,
        problem);
  }

  /** The endpoint of a store other than AWS, if one is set. */
  public Optional<URI> endpoint() {
    return Optional.ofNullable(endpoint);
  }

  public String region() {
    return region;
  }

  /** Whether a region was set anywhere, rather than defaulted. */
  public boolean regionConfigured() {
    return regionConfigured;
  }

  public String profile() {
    return profile;
  }

  /** Path-style addressing ({@code http://host/bucket/key}) rather than virtual-hosted. */
  public boolean pathStyle() {
    return pathStyle;
  }

  /** Where the credentials come from, e.g. "the environment"; null if none. */
  public String credentialsSource() {
    return credentialsSource;
  }

  /** Why no credentials were found; null when they were. */
  public String credentialsProblem() {
    return credentialsProblem;
  }

  Credentials credentials() {
    return credentials;
  }

  /** {@code host:port} requests go to, for messages. */
  String hostAndPort() {
    if (endpoint == null) {
      return "s3." + region + ".amazonaws.com:443";
    }
    int port = endpoint.getPort();
    if (port < 0) {
      port = endpoint.getScheme().equals("https") ? 443 : 80;
    }
    return endpoint.getHost() + ":" + port;
  }

  @Override
  public String toString() {
    return "S3Settings[endpoint="
        + (endpoint == null ? "AWS" : endpoint)
        + ", region="
        + region
        + ", profile="
        + profile
        + ", pathStyle="
        + pathStyle
        + ", credentials from "
        + (credentialsSource == null ? "nowhere" : credentialsSource)
        + "]";
  }

  private static URI endpoint(String value) {
    if (value == null) {
      return null;
    }
    String v = value.trim();
    URI uri;
    try {
      uri = new URI(v);
    } catch (URISyntaxException e) {
      uri = null;
    }
    // Checked first and never echoed: user:password@ would be a secret.
    if (uri != null && uri.getRawUserInfo() != null || v.contains("@")) {
      throw new InvalidLocationException(
          "the S3 endpoint must not contain credentials (user:password@); refused",
          "give credentials through AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or a profile");
    }
    if (uri == null
        || uri.getScheme() == null
        || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
        || uri.getHost() == null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || !(uri.getRawPath() == null
            || uri.getRawPath().isEmpty()
            || uri.getRawPath().equals("/"))) {
      throw new InvalidLocationException(
          "the S3 endpoint '" + v + "' is not an http:// or https:// URL of a host",
          "write it like http://192.168.1.10:3900 or https://s3.example.com ([s3] endpoint or"
              + " AWS_ENDPOINT_URL)");
    }
    return URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
  }

  private static Path file(String override, Path home, Path fallback) {
    String o = blankToNull(override);
    if (o == null) {
      return fallback;
    }
    if (o.equals("~") || o.startsWith("~/")) {
      return home.resolve(o.substring(Math.min(2, o.length())));
    }
    return home.resolve(o);
  }

  /**
   * The properties of {@code profile} in an AWS ini file: {@code [name]} in the credentials file,
   * {@code [profile name]} (or {@code [default]}) in the config file. Indented lines under a key
   * with no value are its sub-properties, read as {@code key.sub}. A missing file has nothing.
   */
  static Map<String, String> section(Path file, String profile, boolean configFile) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Map.of();
    } catch (IOException e) {
      throw new InvalidLocationException(
          "cannot read " + file + ": " + e.getMessage(), "check its permissions");
    }
    Map<String, String> found = new LinkedHashMap<>();
    boolean inSection = false;
    boolean seen = false;
    String parent = null;
    for (String raw : lines) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[")) {
        int end = line.indexOf(']');
        String name = end < 0 ? "" : line.substring(1, end).strip();
        inSection = matches(name, profile, configFile);
        seen |= inSection;
        parent = null;
        continue;
      }
      if (!inSection) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      String value = stripComment(line.substring(eq + 1).strip());
      boolean indented = Character.isWhitespace(raw.charAt(0));
      if (indented && parent != null) {
        found.put(parent + "." + key, value);
      } else {
        found.put(key, value);
        parent = value.isEmpty() ? key : null;
      }
    }
    return seen ? found : Map.of();
  }

  private static boolean matches(String section, String profile, boolean configFile) {
    String s = section.replaceAll("\\s+", " ");
    if (!configFile) {
      return s.equals(profile);
    }
    return s.equals("profile " + profile) || (profile.equals("default") && s.equals("default"));
  }

  private static String stripComment(String value) {
    // AWS files allow " #" or " ;" comments after a value.
    for (String marker : new String[] {" #", " ;", "\t#", "\t;"}) {
      int at = value.indexOf(marker);
      if (at >= 0) {
        value = value.substring(0, at).strip();
      }
    }
    return value;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v.strip();
      }
    }
    return null;
  }
}
