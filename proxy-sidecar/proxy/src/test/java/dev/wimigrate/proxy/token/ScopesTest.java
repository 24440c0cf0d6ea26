package dev.wimigrate.proxy.token;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScopesTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "https://vault.azure.net, https://vault.azure.net/.default",
    "https://vault.azure.net/, https://vault.azure.net//.default",
    "https://management.azure.com/.default, https://management.azure.com/.default",
    "api://my-app, api://my-app/.default",
    "00000003-0000-0000-c000-000000000000, 00000003-0000-0000-c000-000000000000/.default",
    "https://database.windows.net/.DEFAULT, https://database.windows.net/.DEFAULT/.default"
  })
  void resourceBecomesScopeByAppendingDefaultUnlessAlreadyThere(String resource, String scope) {
    assertThat(Scopes.fromResource(resource)).isEqualTo(scope);
  }
}
