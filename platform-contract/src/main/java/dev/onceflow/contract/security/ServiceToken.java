package dev.onceflow.contract.security;

/**
 * The shared secret Onceflow services demand on their mutating and sensitive HTTP endpoints, and
 * every caller sends: {@code Authorization: Bearer <token>}. The services check it (platform-core's
 * {@code ServiceTokenRequired}); the dashboard, the demo load, the benchmarks and the system tests
 * send it. Its value never lives in git: it comes from the environment ({@link
 * #ENVIRONMENT_VARIABLE}), in Kubernetes from the Secret {@link #KUBERNETES_SECRET}.
 */
public final class ServiceToken {

  /** The configuration key a service reads its expected token from. */
  public static final String CONFIG_KEY = "onceflow.service-token";

  /** The environment variable that carries the token to services and clients alike. */
  public static final String ENVIRONMENT_VARIABLE = "ONCEFLOW_SERVICE_TOKEN";

  /** The Kubernetes Secret (key {@link #KUBERNETES_SECRET_KEY}) the operator creates. */
  public static final String KUBERNETES_SECRET = "onceflow-service-token";

  /** The key of the token inside {@link #KUBERNETES_SECRET}. */
  public static final String KUBERNETES_SECRET_KEY = "token";

  /** The HTTP header that carries the token. */
  public static final String HEADER = "Authorization";

  /** The authentication scheme, followed by one space and the token. */
  public static final String SCHEME = "Bearer";

  /**
   * The shortest token a service accepts to be configured with: a guessable token is no
   * authentication.
   */
  public static final int MIN_LENGTH = 16;

  /**
   * Problem type slug (see {@link dev.onceflow.contract.problem.ProblemTypes#uri(String)}) of the
   * {@code 401} a protected endpoint answers without the right token.
   */
  public static final String PROBLEM_SLUG = "service-token-required";

  private ServiceToken() {}

  /** The value of {@link #HEADER} that presents {@code token}. */
  public static String authorization(String token) {
    return SCHEME + " " + token;
  }
}
