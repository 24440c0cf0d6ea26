package dev.wimigrate.proxy.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts a fake Entra and a fake IMDS, writes a projected-token file, and points the proxy at them
 * through the same keys the pod's environment uses.
 */
public class ProxyTestResource implements QuarkusTestResourceLifecycleManager {

  public static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  public static final String DEFAULT_CLIENT = "11111111-1111-1111-1111-111111111111";
  public static final String MAPPED_CLIENT = "22222222-2222-2222-2222-222222222222";
  public static final String OBJECT_ID = "33333333-3333-3333-3333-333333333333";
  public static final String RESOURCE_ID =
      "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/app";

  private static FakeEntra entra;
  private static FakeImds imds;
  private static Path tokenFile;

  public static FakeEntra entra() {
    return entra;
  }

  public static FakeImds imds() {
    return imds;
  }

  public static Path tokenFile() {
    return tokenFile;
  }

  public static void writeToken(String content) {
    try {
      Files.writeString(tokenFile, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Map<String, String> start() {
    entra = new FakeEntra();
    imds = new FakeImds();
    try {
      tokenFile = Files.createTempFile("azure-identity-token", "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    writeToken(
        "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2E6YXBwIn0.c2lnbmF0dXJlLW9uZS1zaWduYXR1cmU");
    return Map.of(
        "AZURE_TENANT_ID",
        TENANT,
        "AZURE_CLIENT_ID",
        DEFAULT_CLIENT,
        "AZURE_AUTHORITY_HOST",
        entra.authorityHost(),
        "AZURE_FEDERATED_TOKEN_FILE",
        tokenFile.toString(),
        "WIMIGRATE_IMDS_ENDPOINT",
        imds.endpoint(),
        "WIMIGRATE_IDENTITY_MAPPING",
        OBJECT_ID + "=" + MAPPED_CLIENT + ";" + RESOURCE_ID + "=" + MAPPED_CLIENT);
  }

  @Override
  public void stop() {
    entra.close();
    imds.close();
    try {
      Files.deleteIfExists(tokenFile);
    } catch (IOException e) {
      // temp file
    }
  }
}
