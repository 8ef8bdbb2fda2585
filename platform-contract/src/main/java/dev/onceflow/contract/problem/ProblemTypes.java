package dev.onceflow.contract.problem;

/**
 * What every Onceflow REST error shares: the RFC 9457 media type and the base of the problem type
 * URIs. Each service names its own types below {@link #BASE}.
 */
public final class ProblemTypes {

  /** The media type of problem details. */
  public static final String MEDIA_TYPE = "application/problem+json";

  /** Every problem type URI starts with this; it identifies the type and need not resolve. */
  public static final String BASE = "https://onceflow.dev/problems/";

  private ProblemTypes() {}

  /** The type URI of the problem named {@code slug}, e.g. {@code invalid-request}. */
  public static String uri(String slug) {
    return BASE + slug;
  }
}
