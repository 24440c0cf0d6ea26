package dev.wimigrate.system;

import dev.wimigrate.testkit.services.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Calls the packaged inventory-service's REST API as an authenticated ticketing system: the service
 * is given an API key (as its SHA-256, like production) and every call sends it.
 */
final class InventoryApi {

  static final String KEY = "system-tests-key";
  static final HttpClient HTTP = HttpClient.newHttpClient();

  private InventoryApi() {}

  /** Gives the packaged service the key, with both roles. */
  static ServiceProcess.Builder withApiKey(ServiceProcess.Builder inventory) {
    return inventory
        .config("wimigrate.auth.api-keys.\"system-tests\".sha256", sha256(KEY))
        .config(
            "wimigrate.auth.api-keys.\"system-tests\".roles", "migrations.read,migrations.write");
  }

  static HttpResponse<String> get(ServiceProcess inventory, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(inventory.baseUrl() + path))
            .header("X-Api-Key", KEY)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(ServiceProcess inventory, String path, String json)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(inventory.baseUrl() + path))
            .header("X-Api-Key", KEY)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
