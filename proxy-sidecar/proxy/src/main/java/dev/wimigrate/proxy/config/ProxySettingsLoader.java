package dev.wimigrate.proxy.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads and validates {@link ProxySettings} from environment-style keys. All problems are collected
 * and reported together, so one failed start shows every mistake.
 */
public final class ProxySettingsLoader {

  public static final String TENANT_ID = "AZURE_TENANT_ID";
  public static final String CLIENT_ID = "AZURE_CLIENT_ID";
  public static final String AUTHORITY_HOST = "AZURE_AUTHORITY_HOST";
  public static final String TOKEN_FILE = "AZURE_FEDERATED_TOKEN_FILE";
  public static final String IMDS_ENDPOINT = "WIMIGRATE_IMDS_ENDPOINT";
  public static final String IDENTITY_MAPPING = "WIMIGRATE_IDENTITY_MAPPING";
  public static final String IDENTITY_MAPPING_FILE = "WIMIGRATE_IDENTITY_MAPPING_FILE";
  public static final String AUTHORITY_CA_FILE = "WIMIGRATE_AUTHORITY_CA_FILE";

  public static final String DEFAULT_AUTHORITY_HOST = "https://login.microsoftonline.com/";
  public static final String DEFAULT_IMDS_ENDPOINT = "http://169.254.169.254";

  private ProxySettingsLoader() {}

  /**
   * @param lookup returns the value of a key, or empty; blank values count as unset
   * @throws InvalidProxySettingsException listing every problem found
   */
  public static ProxySettings load(Function<String, Optional<String>> lookup) {
    List<String> problems = new ArrayList<>();
    Function<String, Optional<String>> get =
        key -> lookup.apply(key).map(String::trim).filter(v -> !v.isEmpty());

    String tenantId = get.apply(TENANT_ID).orElse(null);
    if (tenantId == null) {
      problems.add(TENANT_ID + " not set: the proxy needs the Entra tenant to exchange tokens in");
    }
    Optional<String> clientId = get.apply(CLIENT_ID);
    URI authority =
        httpUri(AUTHORITY_HOST, get.apply(AUTHORITY_HOST).orElse(DEFAULT_AUTHORITY_HOST), problems);
    if (authority != null && !authority.toString().endsWith("/")) {
      authority = URI.create(authority + "/");
    }
    URI imds =
        httpUri(IMDS_ENDPOINT, get.apply(IMDS_ENDPOINT).orElse(DEFAULT_IMDS_ENDPOINT), problems);
    if (imds != null && imds.toString().endsWith("/")) {
      String s = imds.toString();
      imds = URI.create(s.substring(0, s.length() - 1));
    }
    Path tokenFile = tokenFile(get.apply(TOKEN_FILE), problems);

    IdentityMapping mapping = IdentityMapping.empty();
    try {
      Optional<String> inline = get.apply(IDENTITY_MAPPING);
      if (inline.isPresent()) {
        mapping =
            mapping.merge(IdentityMapping.parse(inline.get(), IDENTITY_MAPPING), IDENTITY_MAPPING);
      }
      Optional<String> file = get.apply(IDENTITY_MAPPING_FILE);
      if (file.isPresent()) {
        String text = readMappingFile(file.get());
        mapping = mapping.merge(IdentityMapping.parse(text, file.get()), file.get());
      }
    } catch (IllegalArgumentException e) {
      problems.add("identity mapping invalid: " + e.getMessage());
    }

    List<X509Certificate> extraCas =
        get.apply(AUTHORITY_CA_FILE).map(f -> certificates(f, problems)).orElse(List.of());

    if (!problems.isEmpty()) {
      throw new InvalidProxySettingsException(problems);
    }
    return new ProxySettings(tenantId, clientId, authority, tokenFile, imds, mapping, extraCas);
  }

  /** Reads a PEM bundle; at least one certificate is required. */
  private static List<X509Certificate> certificates(String file, List<String> problems) {
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      List<X509Certificate> certificates = new ArrayList<>();
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        certificates.add((X509Certificate) c);
      }
      if (certificates.isEmpty()) {
        problems.add(AUTHORITY_CA_FILE + "=" + file + " holds no PEM certificate");
      }
      return certificates;
    } catch (IOException | InvalidPathException e) {
      problems.add(
          AUTHORITY_CA_FILE
              + "="
              + file
              + " cannot be read ("
              + e.getClass().getSimpleName()
              + ")");
    } catch (CertificateException e) {
      problems.add(AUTHORITY_CA_FILE + "=" + file + " is not a PEM certificate bundle");
    }
    return List.of();
  }

  private static String readMappingFile(String file) {
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException | InvalidPathException e) {
      throw new IllegalArgumentException(
          IDENTITY_MAPPING_FILE
              + "="
              + file
              + " cannot be read ("
              + e.getClass().getSimpleName()
              + ")");
    }
  }

  private static Path tokenFile(Optional<String> value, List<String> problems) {
    if (value.isEmpty()) {
      problems.add(
          TOKEN_FILE
              + " not set: it must name the projected service-account token"
              + " (the workload identity webhook sets it)");
      return null;
    }
    try {
      Path path = Path.of(value.get());
      if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
        problems.add(TOKEN_FILE + "=" + value.get() + " is not a readable file");
      }
      return path;
    } catch (InvalidPathException e) {
      problems.add(TOKEN_FILE + "=" + value.get() + " is not a valid path: " + e.getReason());
      return null;
    }
  }

  private static URI httpUri(String key, String value, List<String> problems) {
    try {
      URI uri = new URI(value);
      if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
          || uri.getHost() == null) {
        problems.add(key + "=" + value + " must be an absolute http(s) URL");
        return null;
      }
      if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
        problems.add(key + "=" + value + " must not have a query or fragment");
        return null;
      }
      return uri;
    } catch (URISyntaxException e) {
      problems.add(key + "=" + value + " is not a URL: " + e.getReason());
      return null;
    }
  }
}
