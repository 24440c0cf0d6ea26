package dev.wimigrate.testkit.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wimigrate.testkit.azure.arm.ManagedIdentity;
import dev.wimigrate.testkit.azure.http.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ARM's federated identity credential API over HTTPS and the rules Azure enforces on it. */
class FederatedCredentialArmApiTest {

  static final String ISSUER = "https://westeurope.oic.prod-aks.azure.com/tenant/cluster/";
  static final String AUD = "api://AzureADTokenExchange";

  AzureEmulator azure;

  @AfterEach
  void stop() {
    if (azure != null) {
      azure.close();
    }
  }

  AzureHttp start(Duration hold) throws Exception {
    azure = AzureEmulator.builder().ficWriteHold(hold).start();
    AzureHttp client = new AzureHttp(azure);
    assertThat(client.putIdentity("rg", "app-mi").status()).isEqualTo(201);
    return client;
  }

  @Test
  void credentialCrudInArmsShape() throws Exception {
    AzureHttp client = start(Duration.ofMillis(10));
    AzureHttp.Reply created =
        client.putFic("rg", "app-mi", "orders-fic", ISSUER, "system:serviceaccount:ns:orders", AUD);
    AzureHttp.Reply again =
        client.putFic("rg", "app-mi", "orders-fic", ISSUER, "system:serviceaccount:ns:orders", AUD);
    AzureHttp.Reply got = client.arm("GET", client.ficPath("rg", "app-mi", "orders-fic"), null);
    AzureHttp.Reply list =
        client.arm(
            "GET", client.identityPath("rg", "app-mi") + "/federatedIdentityCredentials", null);

    assertThat(created.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(200);
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.body().path("id").asText())
        .endsWith("/userAssignedIdentities/app-mi/federatedIdentityCredentials/orders-fic");
    assertThat(got.body().path("name").asText()).isEqualTo("orders-fic");
    assertThat(got.body().path("type").asText())
        .isEqualTo("Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials");
    assertThat(got.body().path("properties").path("issuer").asText()).isEqualTo(ISSUER);
    assertThat(got.body().path("properties").path("subject").asText())
        .isEqualTo("system:serviceaccount:ns:orders");
    assertThat(got.body().path("properties").path("audiences").get(0).asText()).isEqualTo(AUD);
    assertThat(list.body().path("value")).hasSize(1);

    assertThat(client.arm("DELETE", client.ficPath("rg", "app-mi", "orders-fic"), null).status())
        .isEqualTo(200);
    assertThat(client.arm("DELETE", client.ficPath("rg", "app-mi", "orders-fic"), null).status())
        .isEqualTo(204);
    AzureHttp.Reply missing = client.arm("GET", client.ficPath("rg", "app-mi", "orders-fic"), null);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.errorCode()).isEqualTo("ResourceNotFound");
  }

  @Test
  void twentyFirstCredentialOnOneIdentityIsRefused() throws Exception {
    AzureHttp client = start(Duration.ofMillis(5));
    for (int i = 0; i < 20; i++) {
      assertThat(
              client
                  .putFic(
                      "rg", "app-mi", "fic-" + i, ISSUER, "system:serviceaccount:ns:sa-" + i, AUD)
                  .status())
          .isEqualTo(201);
    }

    AzureHttp.Reply refused =
        client.putFic("rg", "app-mi", "fic-20", ISSUER, "system:serviceaccount:ns:sa-20", AUD);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.errorCode()).isEqualTo("BadRequest");
    assertThat(refused.errorMessage()).contains("maximum number of Federated Identity Credentials");
    ManagedIdentity identity = azure.identity("rg", "app-mi").orElseThrow();
    assertThat(azure.federatedCredentials(identity)).hasSize(20);
  }

  @Test
  void concurrentWritesToOneIdentityGet409WhileSequentialWritesSucceed() throws Exception {
    AzureHttp client = start(Duration.ofMillis(1500));
    int writers = 4;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<AzureHttp.Reply>> replies = new ArrayList<>();
    try {
      for (int i = 0; i < writers; i++) {
        int n = i;
        Callable<AzureHttp.Reply> write =
            () -> {
              go.await();
              return client.putFic(
                  "rg", "app-mi", "parallel-" + n, ISSUER, "system:serviceaccount:ns:p" + n, AUD);
            };
        replies.add(pool.submit(write));
      }
      go.countDown();
      List<AzureHttp.Reply> results = new ArrayList<>();
      for (Future<AzureHttp.Reply> f : replies) {
        results.add(f.get());
      }
      assertThat(results).filteredOn(r -> r.status() == 201).hasSize(1);
      List<AzureHttp.Reply> conflicts = results.stream().filter(r -> r.status() == 409).toList();
      assertThat(conflicts).hasSize(writers - 1);
      String identityId = azure.identity("rg", "app-mi").orElseThrow().id().toLowerCase();
      assertThat(conflicts)
          .allSatisfy(
              r -> {
                assertThat(r.errorCode())
                    .isEqualTo(
                        "ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity");
                assertThat(r.errorMessage())
                    .isEqualTo(
                        "Too many Federated Identity Credentials are written concurrently for the"
                            + " managed identity '"
                            + identityId
                            + "'. Concurrent Federated Identity Credentials writes under the same"
                            + " managed identity are not supported.");
              });
      assertThat(azure.rejectedConcurrentWrites()).isEqualTo(writers - 1);
    } finally {
      pool.shutdownNow();
    }

    for (int i = 0; i < 3; i++) {
      assertThat(
              client
                  .putFic(
                      "rg",
                      "app-mi",
                      "sequential-" + i,
                      ISSUER,
                      "system:serviceaccount:ns:s" + i,
                      AUD)
                  .status())
          .isEqualTo(201);
    }
    assertThat(client.arm("DELETE", client.ficPath("rg", "app-mi", "sequential-0"), null).status())
        .isEqualTo(200);
    assertThat(azure.rejectedConcurrentWrites()).isEqualTo(writers - 1);
    assertThat(azure.callCount(Operation.FIC_PUT)).isEqualTo(writers + 3);
  }

  @Test
  void sameIssuerAndSubjectUnderAnotherNameIsRefused() throws Exception {
    AzureHttp client = start(Duration.ofMillis(5));
    client.putFic("rg", "app-mi", "first", ISSUER, "system:serviceaccount:ns:app", AUD);

    AzureHttp.Reply duplicate =
        client.putFic("rg", "app-mi", "second", ISSUER, "system:serviceaccount:ns:app", AUD);

    assertThat(duplicate.status()).isEqualTo(400);
    assertThat(duplicate.errorCode()).isEqualTo("BadRequest");
    assertThat(duplicate.errorMessage())
        .isEqualTo("Issuer and subject combination already exists for this Managed Identity.");
  }

  @Test
  void invalidNameNonHttpsIssuerAndMissingParentAreRefused() throws Exception {
    AzureHttp client = start(Duration.ofMillis(5));

    AzureHttp.Reply badName = client.putFic("rg", "app-mi", "_bad", ISSUER, "s", AUD);
    AzureHttp.Reply httpIssuer =
        client.putFic("rg", "app-mi", "plain", "http://issuer.example/", "s", AUD);
    AzureHttp.Reply noParent = client.putFic("rg", "absent-mi", "fic", ISSUER, "s", AUD);
    AzureHttp.Reply noProps = client.arm("PUT", client.ficPath("rg", "app-mi", "empty"), "{}");

    assertThat(badName.status()).isEqualTo(400);
    assertThat(badName.errorMessage())
        .isEqualTo("Federated Identity Credential name '_bad' is invalid.");
    assertThat(httpIssuer.status()).isEqualTo(400);
    assertThat(noParent.status()).isEqualTo(404);
    assertThat(noParent.errorCode()).isEqualTo("ResourceNotFound");
    assertThat(noProps.errorMessage())
        .isEqualTo("Federated Identity Credential from HTTP body has empty properties.");
  }
}
