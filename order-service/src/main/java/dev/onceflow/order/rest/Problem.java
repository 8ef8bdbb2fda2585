package dev.onceflow.order.rest;

import dev.onceflow.contract.problem.ProblemTypes;
import java.net.URI;
import java.util.List;

/**
 * An RFC 9457 problem detail, the body of every error response ({@code application/problem+json}).
 *
 * @param type identifies the kind of problem; {@code about:blank} when the HTTP status says it all
 * @param title a short summary of the type, the same for every occurrence
 * @param status the HTTP status code
 * @param detail what went wrong in this occurrence
 * @param instance the request path that failed
 * @param errors each offending field with its message; empty when no field is at fault
 */
public record Problem(
    URI type, String title, int status, String detail, String instance, List<FieldError> errors) {

  /** The media type of problem details. */
  public static final String MEDIA_TYPE = ProblemTypes.MEDIA_TYPE;

  public Problem {
    errors = List.copyOf(errors);
  }
}
