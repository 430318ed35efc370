package vpo.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Endpoint, region, profile, addressing and credentials, resolved in a temp home. */
class S3SettingsTest {
  @TempDir Path home;

  static final S3Settings.Config NONE = S3Settings.Config.NONE;

  static Map<String, String> env(String... kv) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      env.put(kv[i], kv[i + 1]);
    }
    return env;
  }

  void credentialsFile(String text) throws IOException {
    Files.createDirectories(home.resolve(".aws"));
    Files.writeString(home.resolve(".aws/credentials"), text);
  }

  void configFile(String text) throws IOException {
    Files.createDirectories(home.resolve(".aws"));
    Files.writeString(home.resolve(".aws/config"), text);
  }

  @Test
  void keysFromTheEnvironment() {
    S3Settings s =
        S3Settings.resolve(
            env(
                "AWS_ACCESS_KEY_ID",
                "AKIAENV",
                "AWS_SECRET_ACCESS_KEY",
                "env-secret",
                "AWS_SESSION_TOKEN",
                "env-token"),
            home,
            NONE);
    assertThat(s.credentials().accessKeyId()).isEqualTo("AKIAENV");
    assertThat(s.credentials().secretAccessKey()).isEqualTo("env-secret");
    assertThat(s.credentials().sessionToken()).isEqualTo("env-token");
    assertThat(s.credentialsSource()).isEqualTo("the environment");
    assertThat(s.credentialsProblem()).isNull();
    assertThat(s.toString()).doesNotContain("env-secret").doesNotContain("env-token");
    assertThat(s.credentials().toString()).doesNotContain("env-secret");
  }

  @Test
  void nothingConfiguredIsAWSInUsEast1WithNoCredentials() {
    S3Settings s = S3Settings.resolve(Map.of(), home, NONE);
    assertThat(s.endpoint()).isEmpty();
    assertThat(s.region()).isEqualTo("us-east-1");
    assertThat(s.regionConfigured()).isFalse();
    assertThat(s.pathStyle()).isFalse();
    assertThat(s.profile()).isEqualTo("default");
    assertThat(s.credentials()).isNull();
    assertThat(s.credentialsProblem()).contains("AWS_ACCESS_KEY_ID is not set");
    assertThat(s.hostAndPort()).isEqualTo("s3.us-east-1.amazonaws.com:443");
  }

  @Test
  void profilesFromTheCredentialsAndConfigFiles() throws IOException {
    credentialsFile(
        """
        [default]
        aws_access_key_id = AKIADEFAULT
        aws_secret_access_key = default-secret

        [backup]
        aws_access_key_id=AKIABACKUP
        aws_secret_access_key=backup-secret ; a comment
        """);
    configFile(
        """
        [default]
        region = eu-west-1

        [profile backup]
        region = eu-central-1
        endpoint_url = https://s3.example.net
        s3 =
          addressing_style = path
        """);
    S3Settings def = S3Settings.resolve(Map.of(), home, NONE);
    assertThat(def.credentials().accessKeyId()).isEqualTo("AKIADEFAULT");
    assertThat(def.credentialsSource())
        .isEqualTo("profile 'default' in " + home.resolve(".aws/credentials"));
    assertThat(def.region()).isEqualTo("eu-west-1");
    assertThat(def.regionConfigured()).isTrue();

    S3Settings named = S3Settings.resolve(env("AWS_PROFILE", "backup"), home, NONE);
    assertThat(named.credentials().accessKeyId()).isEqualTo("AKIABACKUP");
    assertThat(named.credentials().secretAccessKey()).isEqualTo("backup-secret");
    assertThat(named.region()).isEqualTo("eu-central-1");
    assertThat(named.endpoint()).contains(URI.create("https://s3.example.net"));
    assertThat(named.pathStyle()).isTrue();

    // [s3] profile picks it too; AWS_PROFILE wins over it.
    S3Settings fromConfig =
        S3Settings.resolve(Map.of(), home, new S3Settings.Config(null, null, "backup", null));
    assertThat(fromConfig.credentials().accessKeyId()).isEqualTo("AKIABACKUP");
    S3Settings envWins =
        S3Settings.resolve(
            env("AWS_PROFILE", "default"), home, new S3Settings.Config(null, null, "backup", null));
    assertThat(envWins.credentials().accessKeyId()).isEqualTo("AKIADEFAULT");

    // Keys in the environment win over any profile.
    S3Settings keys =
        S3Settings.resolve(
            env(
                "AWS_PROFILE",
                "backup",
                "AWS_ACCESS_KEY_ID",
                "AKIAENV",
                "AWS_SECRET_ACCESS_KEY",
                "s"),
            home,
            NONE);
    assertThat(keys.credentials().accessKeyId()).isEqualTo("AKIAENV");
    assertThat(keys.region()).isEqualTo("eu-central-1");
  }

  @Test
  void keysInTheConfigFileAndCredentialProcess() throws IOException {
    configFile(
        """
        [profile static]
        aws_access_key_id = AKIACONFIG
        aws_secret_access_key = config-secret
        [profile process]
        credential_process = /usr/bin/pass-aws backup
        [profile role]
        role_arn = arn:aws:iam::123:role/x
        source_profile = default
        """);
    assertThat(
            S3Settings.resolve(env("AWS_PROFILE", "static"), home, NONE)
                .credentials()
                .accessKeyId())
        .isEqualTo("AKIACONFIG");
    S3Settings process = S3Settings.resolve(env("AWS_PROFILE", "process"), home, NONE);
    assertThat(process.credentials().process()).isEqualTo("/usr/bin/pass-aws backup");
    assertThat(process.credentialsSource()).endsWith("(credential_process)");
    S3Settings role = S3Settings.resolve(env("AWS_PROFILE", "role"), home, NONE);
    assertThat(role.credentials()).isNull();
    assertThat(role.credentialsProblem()).contains("role_arn").contains("does not support");
  }

  @Test
  void aNamedProfileThatIsNowhereSaysSo() {
    S3Settings s = S3Settings.resolve(env("AWS_PROFILE", "missing"), home, NONE);
    assertThat(s.credentials()).isNull();
    assertThat(s.credentialsProblem()).startsWith("profile 'missing' is in neither");
  }

  @Test
  void halfTheKeysInTheEnvironmentIsAProblem() {
    S3Settings s = S3Settings.resolve(env("AWS_ACCESS_KEY_ID", "AKIA"), home, NONE);
    assertThat(s.credentials()).isNull();
    assertThat(s.credentialsProblem())
        .isEqualTo("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
  }

  @Test
  void theFilesCanBeMoved() throws IOException {
    Files.writeString(
        home.resolve("creds"), "[default]\naws_access_key_id=A\naws_secret_access_key=B\n");
    S3Settings s = S3Settings.resolve(env("AWS_SHARED_CREDENTIALS_FILE", "~/creds"), home, NONE);
    assertThat(s.credentials().accessKeyId()).isEqualTo("A");
  }

  @Test
  void theEnvironmentWinsOverTheConfigSectionWhichWinsOverTheProfile() throws IOException {
    configFile("[default]\nregion = from-profile\nendpoint_url = http://profile:1\n");
    S3Settings.Config config = new S3Settings.Config("http://config:2", "from-config", null, null);
    S3Settings all =
        S3Settings.resolve(
            env(
                "AWS_REGION",
                "from-env",
                "AWS_DEFAULT_REGION",
                "from-default",
                "AWS_ENDPOINT_URL",
                "http://env:3",
                "AWS_ENDPOINT_URL_S3",
                "http://env-s3:4"),
            home,
            config);
    assertThat(all.region()).isEqualTo("from-env");
    assertThat(all.endpoint()).contains(URI.create("http://env-s3:4"));
    assertThat(all.hostAndPort()).isEqualTo("env-s3:4");
    S3Settings generic =
        S3Settings.resolve(
            env("AWS_DEFAULT_REGION", "from-default", "AWS_ENDPOINT_URL", "http://env:3"),
            home,
            config);
    assertThat(generic.region()).isEqualTo("from-default");
    assertThat(generic.endpoint()).contains(URI.create("http://env:3"));
    S3Settings configOnly = S3Settings.resolve(Map.of(), home, config);
    assertThat(configOnly.region()).isEqualTo("from-config");
    assertThat(configOnly.endpoint()).contains(URI.create("http://config:2"));
    S3Settings profileOnly = S3Settings.resolve(Map.of(), home, NONE);
    assertThat(profileOnly.region()).isEqualTo("from-profile");
    assertThat(profileOnly.endpoint()).contains(URI.create("http://profile:1"));
  }

  @Test
  void aCustomEndpointMeansPathStyleUnlessTheConfigSaysOtherwise() {
    S3Settings custom =
        S3Settings.resolve(env("AWS_ENDPOINT_URL", "http://192.168.1.10:3900/"), home, NONE);
    assertThat(custom.pathStyle()).isTrue();
    assertThat(custom.endpoint()).contains(URI.create("http://192.168.1.10:3900"));
    assertThat(custom.region()).isEqualTo("us-east-1");
    S3Settings virtual =
        S3Settings.resolve(
            env("AWS_ENDPOINT_URL", "https://s3.example.com"),
            home,
            new S3Settings.Config(null, null, null, false));
    assertThat(virtual.pathStyle()).isFalse();
    assertThat(virtual.hostAndPort()).isEqualTo("s3.example.com:443");
    S3Settings awsPath =
        S3Settings.resolve(Map.of(), home, new S3Settings.Config(null, null, null, true));
    assertThat(awsPath.pathStyle()).isTrue();
  }

  @Test
  void anEndpointWithCredentialsIsRefusedWithoutRepeatingThem() {
    assertThatThrownBy(
            () ->
                S3Settings.resolve(
                    env("AWS_ENDPOINT_URL", "https://user:hunter2@s3.example.com"), home, NONE))
        .isInstanceOf(InvalidLocationException.class)
        .hasMessageNotContaining("hunter2")
        .hasMessageContaining("must not contain credentials");
  }

  @Test
  void anEndpointThatIsNotAUrlIsRefused() {
    for (String bad :
        new String[] {
          "minio.local:9000", "ftp://host", "http://host/path", "http://host?x=1", "::"
        }) {
      assertThatThrownBy(
              () ->
                  S3Settings.resolve(Map.of(), home, new S3Settings.Config(bad, null, null, null)))
          .isInstanceOf(InvalidLocationException.class)
          .hasMessageContaining("is not an http:// or https:// URL");
    }
  }
}
