package dev.wimigrate.inventory.security;

import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;

/**
 * The API keys the %test profile configures (application.properties keeps only their SHA-256). A
 * {@code @QuarkusTest} that is not about authentication sends {@link #READ_WRITE} on every request
 * with {@link #useForEveryRequest()} in {@code @BeforeEach} and {@link #stopUsing()} in
 * {@code @AfterEach}.
 */
public final class TestApiKeys {

  /** Named "tests": migrations.read and migrations.write. */
  public static final String READ_WRITE = "test-key-read-write";

  /** Named "reader": migrations.read only. */
  public static final String READ_ONLY = "test-key-read-only";

  private TestApiKeys() {}

  public static void useForEveryRequest() {
    RestAssured.requestSpecification =
        new RequestSpecBuilder()
            .addHeader(ApiKeyAuthenticationMechanism.HEADER, READ_WRITE)
            .build();
  }

  public static void stopUsing() {
    RestAssured.requestSpecification = null;
  }
}
