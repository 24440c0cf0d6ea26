package dev.wimigrate.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentityMappingTest {

  static final String RES =
      "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/app";

  @Test
  void entriesAreSeparatedByNewlinesOrSemicolonsAndCommentsAreSkipped() {
    IdentityMapping mapping =
        IdentityMapping.parse(
            "# migration of team-a\n oid-1 = client-1 ;" + RES + "=client-2\r\n\n", "test");

    assertThat(mapping.size()).isEqualTo(2);
    assertThat(mapping.clientIdFor("OID-1")).contains("client-1");
    assertThat(mapping.clientIdFor(RES.toLowerCase() + "/")).contains("client-2");
    assertThat(mapping.clientIdFor("other")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"no-equals-sign", "=client", "key=", " = "})
  void malformedEntryIsRejectedWithTheSource(String entry) {
    assertThatThrownBy(() -> IdentityMapping.parse(entry, "WIMIGRATE_IDENTITY_MAPPING"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("WIMIGRATE_IDENTITY_MAPPING: entry");
  }

  @Test
  void keyMappedToTwoClientIdsIsRejected() {
    assertThatThrownBy(() -> IdentityMapping.parse("a=c1;A=c2", "src"))
        .hasMessage("src: 'a' is mapped to both c1 and c2");
  }

  @Test
  void mergingContradictingMappingsIsRejected() {
    IdentityMapping inline = IdentityMapping.parse("a=c1", "env");

    assertThat(inline.merge(IdentityMapping.parse("a=C1;b=c2", "file"), "file").size())
        .isEqualTo(2);
    assertThatThrownBy(() -> inline.merge(IdentityMapping.parse("a=c9", "file"), "file"))
        .hasMessage("file: 'a' is mapped to both c1 and c9");
  }
}
