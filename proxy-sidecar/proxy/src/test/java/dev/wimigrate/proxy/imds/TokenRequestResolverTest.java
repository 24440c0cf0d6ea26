package dev.wimigrate.proxy.imds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wimigrate.proxy.config.IdentityMapping;
import dev.wimigrate.proxy.config.ProxySettings;
import dev.wimigrate.proxy.token.TokenRequest;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TokenRequestResolverTest {

  static final String TENANT = "tenant-1";
  static final String DEFAULT_CLIENT = "default-client";
  static final String OBJECT_ID = "AAAAAAAA-0000-0000-0000-000000000001";
  static final String RESOURCE_ID =
      "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/app";

  static ProxySettings settings(Optional<String> defaultClient, IdentityMapping mapping) {
    return new ProxySettings(
        TENANT,
        defaultClient,
        URI.create("https://login.microsoftonline.com/"),
        Path.of("/token"),
        URI.create("http://169.254.169.254"),
        mapping,
        List.of());
  }

  static final ProxySettings SETTINGS =
      settings(
          Optional.of(DEFAULT_CLIENT),
          IdentityMapping.of(Map.of(OBJECT_ID, "mapped-by-object", RESOURCE_ID, "mapped-by-res")));

  /** Builds a query from name/value pairs (a name may repeat). */
  static ImdsTokenQuery query(String metadata, String... pairs) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      params.merge(
          pairs[i],
          List.of(pairs[i + 1]),
          (a, b) -> Stream.concat(a.stream(), b.stream()).toList());
    }
    return new ImdsTokenQuery(params, Optional.ofNullable(metadata), false);
  }

  static Stream<Arguments> resolvedRequests() {
    return Stream.of(
        Arguments.of(
            "client_id wins over AZURE_CLIENT_ID",
            query("true", "resource", "https://vault.azure.net", "client_id", "c1"),
            "c1",
            "https://vault.azure.net/.default"),
        Arguments.of(
            "no selector falls back to AZURE_CLIENT_ID",
            query("true", "resource", "https://management.azure.com/"),
            DEFAULT_CLIENT,
            "https://management.azure.com//.default"),
        Arguments.of(
            "object_id is resolved through the mapping, case-insensitively",
            query("true", "resource", "r", "object_id", OBJECT_ID.toLowerCase()),
            "mapped-by-object",
            "r/.default"),
        Arguments.of(
            "msi_res_id is resolved through the mapping",
            query("true", "resource", "r", "msi_res_id", RESOURCE_ID),
            "mapped-by-res",
            "r/.default"),
        Arguments.of(
            "mi_res_id is resolved through the mapping",
            query("true", "resource", "r", "mi_res_id", RESOURCE_ID.toUpperCase()),
            "mapped-by-res",
            "r/.default"),
        Arguments.of(
            "scope already ending in /.default is kept",
            query("true", "resource", "api://app/.default"),
            DEFAULT_CLIENT,
            "api://app/.default"),
        Arguments.of(
            "Metadata header value is case-insensitive",
            query("True", "resource", "r", "api-version", "2018-02-01"),
            DEFAULT_CLIENT,
            "r/.default"),
        Arguments.of(
            "an empty client_id counts as absent",
            query("true", "resource", "r", "client_id", ""),
            DEFAULT_CLIENT,
            "r/.default"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("resolvedRequests")
  void validRequestsResolveToATokenRequest(
      String rule, ImdsTokenQuery query, String clientId, String scope) {
    var resolution = TokenRequestResolver.resolve(query, SETTINGS);

    assertThat(resolution).isInstanceOf(TokenRequestResolver.Resolved.class);
    TokenRequest request = ((TokenRequestResolver.Resolved) resolution).request();
    assertThat(request.clientId()).isEqualTo(clientId);
    assertThat(request.scope()).isEqualTo(scope);
    assertThat(request.tenantId()).isEqualTo(TENANT);
    assertThat(request.resource()).isEqualTo(query.params().get("resource").get(0));
  }

  static Stream<Arguments> rejectedRequests() {
    return Stream.of(
        Arguments.of(
            "request without Metadata header is rejected like IMDS",
            SETTINGS,
            query(null, "resource", "r"),
            "Required metadata header not specified"),
        Arguments.of(
            "Metadata header other than true is rejected like IMDS",
            SETTINGS,
            query("false", "resource", "r"),
            "Required metadata header not specified"),
        Arguments.of(
            "missing resource is rejected like IMDS",
            SETTINGS,
            query("true", "client_id", "c"),
            "Required query variable 'resource' is missing"),
        Arguments.of(
            "blank resource is rejected like IMDS",
            SETTINGS,
            query("true", "resource", " "),
            "Required query variable 'resource' is missing"),
        Arguments.of(
            "repeated resource is rejected",
            SETTINGS,
            query("true", "resource", "a", "resource", "b"),
            "Query variable 'resource' must be given only once"),
        Arguments.of(
            "two identity selectors are rejected",
            SETTINGS,
            query("true", "resource", "r", "client_id", "c", "object_id", OBJECT_ID),
            "Only one of client_id, object_id, msi_res_id or mi_res_id may be given, got client_id"
                + " and object_id"),
        Arguments.of(
            "unknown object_id is a precise 400",
            SETTINGS,
            query("true", "resource", "r", "object_id", "unknown"),
            "Identity not found: object_id 'unknown' is not in the identity mapping of this pod's"
                + " migration"),
        Arguments.of(
            "msi_res_id without any mapping says none is configured",
            settings(Optional.of(DEFAULT_CLIENT), IdentityMapping.empty()),
            query("true", "resource", "r", "msi_res_id", RESOURCE_ID),
            "Identity not found: msi_res_id '"
                + RESOURCE_ID
                + "' is not in the identity mapping of this pod's migration (no mapping is"
                + " configured: WIMIGRATE_IDENTITY_MAPPING or WIMIGRATE_IDENTITY_MAPPING_FILE)"),
        Arguments.of(
            "no selector and no AZURE_CLIENT_ID is a precise 400",
            settings(Optional.empty(), IdentityMapping.empty()),
            query("true", "resource", "r"),
            "No identity selected: the request has no client_id, object_id, msi_res_id or"
                + " mi_res_id, and AZURE_CLIENT_ID is not set for the proxy (annotate the service"
                + " account with azure.workload.identity/client-id)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejectedRequests")
  void invalidRequestsAreRejectedWithAnImdsStyle400(
      String rule, ProxySettings settings, ImdsTokenQuery query, String description) {
    var resolution = TokenRequestResolver.resolve(query, settings);

    assertThat(resolution).isInstanceOf(TokenRequestResolver.Rejected.class);
    ImdsError error = ((TokenRequestResolver.Rejected) resolution).error();
    assertThat(error.status()).isEqualTo(400);
    assertThat(error.error()).isEqualTo("invalid_request");
    assertThat(error.description()).isEqualTo(description);
  }

  @Test
  void requestWithForwardedForHeaderIsRejectedLikeImds() {
    var query = new ImdsTokenQuery(Map.of("resource", List.of("r")), Optional.of("true"), true);

    var resolution = TokenRequestResolver.resolve(query, SETTINGS);

    assertThat(resolution)
        .isEqualTo(
            new TokenRequestResolver.Rejected(
                ImdsError.invalidRequest(TokenRequestResolver.FORWARDED_REJECTED)));
  }

  @Test
  void metadataHeaderIsCheckedBeforeTheQuery() {
    var resolution = TokenRequestResolver.resolve(query(null), SETTINGS);

    assertThat(((TokenRequestResolver.Rejected) resolution).error().description())
        .isEqualTo(TokenRequestResolver.METADATA_HEADER_MISSING);
  }
}
