package dev.wimigrate.inventory.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

  static String sha256(String key) {
    return HexFormat.of().formatHex(ApiKeys.sha256(key));
  }

  final ApiKeys keys =
      new ApiKeys(
          List.of(
              new ApiKeys.Configured("jira", sha256("jira-key"), List.of(Roles.READ, Roles.WRITE)),
              new ApiKeys.Configured(
                  "grafana", sha256("grafana-key").toUpperCase(), List.of(" migrations.read "))));

  @Test
  void aPresentedKeyIsMatchedByItsHashToItsNameAndRoles() {
    assertThat(keys.match("jira-key"))
        .contains(new ApiKeys.Caller("jira", Set.of(Roles.READ, Roles.WRITE)));
    assertThat(keys.match("grafana-key"))
        .contains(new ApiKeys.Caller("grafana", Set.of(Roles.READ)));
  }

  @Test
  void anyOtherKeyMatchesNothing() {
    assertThat(keys.match("jira-key ")).isEmpty();
    assertThat(keys.match("")).isEqualTo(Optional.empty());
    assertThat(keys.match(sha256("jira-key"))).as("the hash is not the key").isEmpty();
  }

  @Test
  void theHashIsTheSha256OfTheKeyAsSha256sumPrintsIt() {
    // printf %s test-key-read-write | sha256sum
    assertThat(sha256(TestApiKeys.READ_WRITE))
        .isEqualTo("ba623a02593e9e2668cf38bb9b289679437f3d3c3298f583adda86c9593a4245");
  }

  @Test
  void aHashThatIsNotSha256HexStopsTheStartNamingTheKey() {
    assertThatThrownBy(
            () ->
                new ApiKeys(
                    List.of(new ApiKeys.Configured("jira", "the-key-itself", List.of(Roles.READ)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "wimigrate.auth.api-keys.\"jira\".sha256 must be 64 hex digits, the SHA-256 of the key"
                + " (printf %s \"$KEY\" | sha256sum)");
  }

  @Test
  void anUnknownRoleIsATypoNotANewRole() {
    assertThatThrownBy(
            () ->
                new ApiKeys(
                    List.of(
                        new ApiKeys.Configured("jira", sha256("k"), List.of("migration.write")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "wimigrate.auth.api-keys.\"jira\".roles: unknown role 'migration.write' (roles:"
                + " migrations.read, migrations.write)");
  }

  @Test
  void aKeyWithoutRolesOrSharedByTwoNamesIsRefused() {
    assertThatThrownBy(
            () -> new ApiKeys(List.of(new ApiKeys.Configured("jira", sha256("k"), List.of()))))
        .hasMessage(
            "wimigrate.auth.api-keys.\"jira\".roles must name at least one of migrations.read,"
                + " migrations.write");
    assertThatThrownBy(
            () ->
                new ApiKeys(
                    List.of(
                        new ApiKeys.Configured("a", sha256("k"), List.of(Roles.READ)),
                        new ApiKeys.Configured("b", sha256("k"), List.of(Roles.READ)))))
        .hasMessage(
            "wimigrate.auth.api-keys.\"b\".sha256 is the same as that of \"a\": one key, one name");
  }

  @Test
  void theRequestNeverShowsTheKey() {
    assertThat(new ApiKeyAuthenticationRequest("jira-key").toString()).doesNotContain("jira-key");
  }

  @Test
  void oidcWithoutAnAudienceWouldAcceptTokensForAnyAppAndStopsTheStart() {
    assertThatThrownBy(() -> SecurityProducers.requireAudience(true, Optional.empty()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("quarkus.oidc.token.audience must be set when OIDC is enabled");
    SecurityProducers.requireAudience(true, Optional.of(List.of("api://wimigrate")));
    SecurityProducers.requireAudience(false, Optional.empty());
  }
}
