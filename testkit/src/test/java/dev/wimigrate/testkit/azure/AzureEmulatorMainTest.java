package dev.wimigrate.testkit.azure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/** The emulator as its own process: it prints where it is and serves ARM and Entra. */
class AzureEmulatorMainTest {

  @Test
  void standaloneEmulatorPrintsItsEndpointsAndServesTokensAndArm() throws Exception {
    Process process =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    AzureEmulatorMain.class.getName(),
                    "--client=demo:demo-secret",
                    "--tenant=11111111-2222-3333-4444-555555555555",
                    "--throttling=strict"))
            .redirectErrorStream(true)
            .start();
    try {
      Map<String, String> printed = new HashMap<>();
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while (!printed.containsKey("ARM_CLIENT_ID") && (line = out.readLine()) != null) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          printed.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
      assertThat(printed)
          .containsKeys(
              "ARM_URL",
              "AZURE_AUTHORITY_HOST",
              "AZURE_TENANT_ID",
              "AZURE_SUBSCRIPTION_ID",
              "ADMIN_URL",
              "CA_FILE");
      assertThat(printed.get("AZURE_TENANT_ID")).isEqualTo("11111111-2222-3333-4444-555555555555");
      HttpClient http =
          HttpClient.newBuilder()
              .sslContext(trusting(Files.readString(Path.of(printed.get("CA_FILE")))))
              .build();
      String form =
          "grant_type=client_credentials&client_id=demo&client_secret=demo-secret&scope="
              + URLEncoder.encode("https://management.azure.com/.default", StandardCharsets.UTF_8);
      HttpResponse<String> token =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          printed.get("AZURE_AUTHORITY_HOST")
                              + printed.get("AZURE_TENANT_ID")
                              + "/oauth2/v2.0/token"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(form))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(token.statusCode()).isEqualTo(200);
      String accessToken = AzureHttp.JSON.readTree(token.body()).path("access_token").asText();

      HttpResponse<String> put =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          printed.get("ARM_URL")
                              + "/subscriptions/"
                              + printed.get("AZURE_SUBSCRIPTION_ID")
                              + "/resourceGroups/demo/providers/Microsoft.ManagedIdentity/"
                              + "userAssignedIdentities/demo-mi?api-version=2024-11-30"))
                  .header("Authorization", "Bearer " + accessToken)
                  .header("Content-Type", "application/json")
                  .PUT(HttpRequest.BodyPublishers.ofString("{\"location\":\"westeurope\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(put.statusCode()).isEqualTo(201);
      assertThat(put.headers().firstValue("x-ms-ratelimit-remaining-subscription-writes"))
          .hasValue("199");

      HttpResponse<String> state =
          http.send(
              HttpRequest.newBuilder(URI.create(printed.get("ADMIN_URL") + "/state")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(
              AzureHttp.JSON.readTree(state.body()).path("identities").get(0).path("name").asText())
          .isEqualTo("demo-mi");
      HttpResponse<String> rules =
          http.send(
              HttpRequest.newBuilder(URI.create(printed.get("ADMIN_URL") + "/rules")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(
              AzureHttp.JSON
                  .readTree(rules.body())
                  .path("throttling")
                  .path("managedIdentityProvider")
                  .path("enabled")
                  .asBoolean())
          .isTrue();
    } finally {
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  static SSLContext trusting(String pem) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry(
        "ca",
        CertificateFactory.getInstance("X.509")
            .generateCertificate(
                new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }
}
