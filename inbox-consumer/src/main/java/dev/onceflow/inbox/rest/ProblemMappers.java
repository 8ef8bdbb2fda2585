package dev.onceflow.inbox.rest;

import dev.onceflow.core.inbox.fault.TransientFailures;
import dev.onceflow.core.rest.Problem;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every error of the REST API into {@code application/problem+json}. */
public class ProblemMappers {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  @ServerExceptionMapper
  public Response invalid(ConstraintViolationException e) {
    List<Problem.FieldError> errors = new ArrayList<>();
    for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
      errors.add(
          new Problem.FieldError(field(violation.getPropertyPath()), violation.getMessage()));
    }
    errors.sort(Comparator.comparing(Problem.FieldError::field));
    return Problem.response(
        Response.Status.BAD_REQUEST,
        "invalid-request",
        "Invalid request",
        errors.size() + " invalid parameter(s)",
        errors);
  }

  @ServerExceptionMapper
  public Response notFound(NotFoundException e) {
    return Problem.response(
        Response.Status.NOT_FOUND, "not-found", "Not found", e.getMessage(), null);
  }

  @ServerExceptionMapper
  public Response webApplication(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    return Problem.response(
        status,
        "http-" + status,
        e.getResponse().getStatusInfo().getReasonPhrase(),
        e.getMessage(),
        null);
  }

  @ServerExceptionMapper
  public Response unexpected(RuntimeException e) {
    if (TransientFailures.isTransient(e)) {
      LOG.warn("Request failed on a transient database failure", e);
      return Problem.response(
          Response.Status.SERVICE_UNAVAILABLE,
          "temporarily-unavailable",
          "Temporarily unavailable",
          "the database is not reachable; retry later",
          null);
    }
    LOG.error("Request failed", e);
    return Problem.response(
        Response.Status.INTERNAL_SERVER_ERROR,
        "internal-error",
        "Internal error",
        e.getClass().getSimpleName(),
        null);
  }

  /** The parameter's name: the last node of {@code method.arg} paths. */
  static String field(Path path) {
    String name = null;
    for (Path.Node node : path) {
      name = node.getName();
    }
    return name == null ? path.toString() : name;
  }
}
