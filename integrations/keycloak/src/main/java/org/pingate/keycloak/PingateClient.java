package org.pingate.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.StringJoiner;

/**
 * Calls Pingate's validate API (POST /validate/check, privacyIDEA's answer format) as a
 * registered validate client (HTTP Basic). One instance per configuration; thread-safe.
 */
final class PingateClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What Pingate answered. */
  record Answer(String authentication, String message, String transactionId, String challenge,
      List<String> violations, List<String> policy, boolean mismatch) {
    boolean accepted() { return "ACCEPT".equals(authentication); }
    boolean challenged() { return "CHALLENGE".equals(authentication); }
  }

  /** Pingate could not be asked, or did not answer a check: the sign-in fails closed. */
  static final class Unavailable extends Exception {
    Unavailable(String message, Throwable cause) { super(message, cause); }
  }

  private final URI endpoint;
  private final String authorization;
  private final Duration timeout;
  private final HttpClient http;

  PingateClient(String baseUrl, String clientId, String clientSecret, Duration timeout) {
    this.endpoint = URI.create(baseUrl.replaceAll("/+$", "") + "/validate/check");
    this.authorization = "Basic " + Base64.getEncoder().encodeToString(
        (form(clientId) + ":" + form(clientSecret)).getBytes(StandardCharsets.UTF_8));
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  Answer check(String user, String pass, String transactionId) throws Unavailable {
    StringJoiner body = new StringJoiner("&");
    body.add("user=" + form(user)).add("pass=" + form(pass));
    if (transactionId != null) body.add("transaction_id=" + form(transactionId));
    HttpRequest request = HttpRequest.newBuilder(endpoint)
        .timeout(timeout)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Authorization", authorization)
        .header("User-Agent", "Pingate-Keycloak/0.1.0")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
        .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new Unavailable("Pingate cannot be reached: " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable("interrupted", e);
    }
    if (response.statusCode() != 200) {
      throw new Unavailable("Pingate answered HTTP " + response.statusCode(), null);
    }
    try {
      JsonNode root = JSON.readTree(response.body());
      JsonNode result = root.path("result");
      JsonNode detail = root.path("detail");
      if (!result.path("status").asBoolean(false)) throw new Unavailable("Pingate answered an error", null);
      return new Answer(result.path("authentication").asText(""), detail.path("message").asText(""),
          detail.hasNonNull("transaction_id") ? detail.get("transaction_id").asText() : null,
          detail.path("pingate_challenge").asText(""),
          texts(detail.path("pin_violations"), "message"), texts(detail.path("pin_policy"), null),
          detail.path("pin_mismatch").asBoolean(false));
    } catch (IOException e) {
      throw new Unavailable("Pingate's answer could not be read", e);
    }
  }

  private static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    if (array.isArray()) for (JsonNode item : array) out.add(field == null ? item.asText() : item.path(field).asText());
    return out;
  }

  private static String form(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
