package dev.wimigrate.inventory.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Precise 4xx answers with a JSON body {@code {"status": …, "error": "…"}}. */
final class ApiErrors {

  private ApiErrors() {}

  static WebApplicationException badRequest(String message) {
    return error(Response.Status.BAD_REQUEST, message);
  }

  static WebApplicationException notFound(String message) {
    return error(Response.Status.NOT_FOUND, message);
  }

  static WebApplicationException status(Response.Status status, String message) {
    return error(status, message);
  }

  private static WebApplicationException error(Response.Status status, String message) {
    return new WebApplicationException(
        message,
        Response.status(status)
            .type(MediaType.APPLICATION_JSON)
            .entity(Map.of("status", status.getStatusCode(), "error", message))
            .build());
  }
}
