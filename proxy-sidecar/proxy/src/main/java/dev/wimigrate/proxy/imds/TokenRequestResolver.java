package dev.wimigrate.proxy.imds;

import dev.wimigrate.proxy.config.ProxySettings;
import dev.wimigrate.proxy.token.Scopes;
import dev.wimigrate.proxy.token.TokenRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The IMDS token-request rules, as a pure function from request and settings. */
public final class TokenRequestResolver {

  public static final String METADATA_HEADER_MISSING = "Required metadata header not specified";
  public static final String RESOURCE_MISSING = "Required query variable 'resource' is missing";
  public static final String FORWARDED_REJECTED =
      "Requests with an X-Forwarded-For header are not accepted";

  static final List<String> SELECTORS =
      List.of("client_id", "object_id", "msi_res_id", "mi_res_id");
  private static final List<String> SINGLE_VALUED =
      List.of("resource", "client_id", "object_id", "msi_res_id", "mi_res_id", "api-version");

  private TokenRequestResolver() {}

  /** Either a request to exchange or the IMDS error to answer with. */
  public sealed interface Resolution permits Resolved, Rejected {}

  public record Resolved(TokenRequest request) implements Resolution {}

  public record Rejected(ImdsError error) implements Resolution {}

  public static Resolution resolve(ImdsTokenQuery query, ProxySettings settings) {
    if (query.forwardedFor()) {
      return reject(FORWARDED_REJECTED);
    }
    if (query.metadataHeader().map(v -> !v.trim().equalsIgnoreCase("true")).orElse(true)) {
      return reject(METADATA_HEADER_MISSING);
    }
    for (String name : SINGLE_VALUED) {
      List<String> values = query.params().getOrDefault(name, List.of());
      if (values.size() > 1) {
        return reject("Query variable '" + name + "' must be given only once");
      }
    }
    Optional<String> resource = param(query, "resource");
    if (resource.isEmpty()) {
      return reject(RESOURCE_MISSING);
    }
    List<String> selectors = new ArrayList<>();
    for (String name : SELECTORS) {
      if (param(query, name).isPresent()) {
        selectors.add(name);
      }
    }
    if (selectors.size() > 1) {
      return reject(
          "Only one of client_id, object_id, msi_res_id or mi_res_id may be given, got "
              + String.join(" and ", selectors));
    }
    String clientId;
    if (selectors.isEmpty()) {
      if (settings.defaultClientId().isEmpty()) {
        return reject(
            "No identity selected: the request has no client_id, object_id, msi_res_id or"
                + " mi_res_id, and AZURE_CLIENT_ID is not set for the proxy (annotate the service"
                + " account with azure.workload.identity/client-id)");
      }
      clientId = settings.defaultClientId().get();
    } else {
      String selector = selectors.get(0);
      String value = param(query, selector).get();
      if (selector.equals("client_id")) {
        clientId = value;
      } else {
        Optional<String> mapped = settings.identityMapping().clientIdFor(value);
        if (mapped.isEmpty()) {
          return reject(
              "Identity not found: "
                  + selector
                  + " '"
                  + value
                  + "' is not in the identity mapping of this pod's migration"
                  + (settings.identityMapping().isEmpty()
                      ? " (no mapping is configured: WIMIGRATE_IDENTITY_MAPPING or"
                          + " WIMIGRATE_IDENTITY_MAPPING_FILE)"
                      : ""));
        }
        clientId = mapped.get();
      }
    }
    String res = resource.get();
    return new Resolved(
        new TokenRequest(clientId, settings.tenantId(), Scopes.fromResource(res), res));
  }

  /** A parameter's value, if given and not blank (blank counts as absent, like the reference). */
  private static Optional<String> param(ImdsTokenQuery query, String name) {
    List<String> values = query.params().getOrDefault(name, List.of());
    return values.isEmpty()
        ? Optional.empty()
        : Optional.of(values.get(0).trim()).filter(v -> !v.isEmpty());
  }

  private static Rejected reject(String description) {
    return new Rejected(ImdsError.invalidRequest(description));
  }
}
