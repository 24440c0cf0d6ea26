package dev.wimigrate.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The inventory-service's migrations API as a ticketing system calls it: {@code X-Api-Key}, {@code
 * POST /api/v1/migrations}, {@code GET /api/v1/migrations/{id}}, {@code POST …/resume}.
 */
public final class MigrationApi {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final String baseUrl;
  private final String apiKey;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public MigrationApi(String baseUrl, String apiKey) {
    this.baseUrl = baseUrl;
    this.apiKey = apiKey;
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** Starts a migration of one cluster for a ticket; returns the migration id. */
  public String start(String clusterId, boolean dryRun, String ticketId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("selector", Map.of("clusterId", clusterId));
    body.put("mode", dryRun ? "dry-run" : "execute");
    body.put("ticket", Map.of("system", "demo", "id", ticketId));
    JsonNode answer = send("POST", "/api/v1/migrations", body, 202);
    return answer.get("migrationId").asText();
  }

  public JsonNode get(String migrationId) {
    return send("GET", "/api/v1/migrations/" + migrationId, null, 200);
  }

  /** {@code GET /api/v1/fleet/summary}: what the agents have reported, by cluster. */
  public JsonNode fleetSummary() {
    return send("GET", "/api/v1/fleet/summary", null, 200);
  }

  public JsonNode resume(String migrationId) {
    return send("POST", "/api/v1/migrations/" + migrationId + "/resume", null, 200);
  }

  private JsonNode send(String method, String path, Object body, int expected) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(baseUrl + path))
              .timeout(Duration.ofSeconds(30))
              .header("X-Api-Key", apiKey)
              .header("Accept", "application/json");
      if (body != null) {
        request
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
      } else {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      }
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != expected) {
        throw new IllegalStateException(
            method + " " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
