package dev.onceflow.order.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import dev.onceflow.core.outbox.EventTooLarge;
import dev.onceflow.core.outbox.ReplicationSlotMissing;
import dev.onceflow.order.domain.IdempotencyKeyReused;
import dev.onceflow.order.domain.ListingTimedOut;
import dev.onceflow.order.domain.OrderAlreadyCancelled;
import dev.onceflow.order.domain.OrderAlreadyRejected;
import dev.onceflow.order.domain.OrderNotFound;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.MatrixParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into an RFC 9457 problem. Input errors name each offending field, in the
 * vocabulary of the request: JSON paths into the body, query parameter and header names.
 */
class ProblemMappers {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
  private static final URI ABOUT_BLANK = URI.create("about:blank");
  private static final String BODY = "body";

  @ServerExceptionMapper
  RestResponse<Problem> invalid(ConstraintViolationException e, UriInfo uri) {
    List<FieldError> errors =
        e.getConstraintViolations().stream()
            .map(violation -> new FieldError(field(violation), violation.getMessage()))
            .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
            .toList();
    return problem(
        ProblemType.INVALID_REQUEST,
        "The request is invalid; see errors for each offending field.",
        uri,
        errors);
  }

  @ServerExceptionMapper({
    JsonProcessingException.class,
    JsonParseException.class,
    StreamReadException.class,
    JsonMappingException.class,
    MismatchedInputException.class
  })
  RestResponse<Problem> unreadable(JsonProcessingException e, UriInfo uri) {
    if (e.getProcessor() instanceof JsonGenerator) {
      // Writing a response failed: that is the server's fault, not the request's.
      return unexpected(e, uri);
    }
    if (e instanceof JsonMappingException mapping) {
      String field = jsonPath(mapping.getPath());
      if (e instanceof PropertyBindingException) {
        return problem(
            ProblemType.INVALID_REQUEST,
            "The request body has a field this API does not know.",
            uri,
            List.of(new FieldError(field, "is not a known field")));
      }
      String expected =
          e instanceof MismatchedInputException mismatch
              ? expectation(mismatch.getTargetType())
              : "has an invalid value";
      return problem(
          ProblemType.INVALID_REQUEST,
          "The request body has a value of the wrong type.",
          uri,
          List.of(new FieldError(field, expected)));
    }
    String where =
        e.getLocation() == null
            ? ""
            : " at line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr();
    return problem(
        ProblemType.MALFORMED_JSON,
        "The request body is not valid JSON" + where + ": " + e.getOriginalMessage(),
        uri,
        List.of());
  }

  @ServerExceptionMapper
  RestResponse<Problem> invalidParameter(InvalidParameter e, UriInfo uri) {
    return problem(
        ProblemType.INVALID_REQUEST,
        "The request is invalid; see errors for each offending field.",
        uri,
        List.of(new FieldError(e.field(), e.getMessage())));
  }

  @ServerExceptionMapper
  RestResponse<Problem> timedOut(ListingTimedOut e, UriInfo uri) {
    LOG.warnf("%s: %s", instance(uri), e.getMessage());
    ProblemType type = ProblemType.QUERY_TIMED_OUT;
    String detail =
        "The query ran longer than "
            + e.timeout().toMillis()
            + " ms (onceflow.orders.query-timeout) and was cancelled; narrow it with customerId,"
            + " or retry.";
    return RestResponse.ResponseBuilder.<Problem>create(type.status())
        .type(Problem.MEDIA_TYPE)
        .header("Retry-After", "5")
        .entity(
            new Problem(type.uri(), type.title(), type.status(), detail, instance(uri), List.of()))
        .build();
  }

  @ServerExceptionMapper
  RestResponse<Problem> notFound(OrderNotFound e, UriInfo uri) {
    return problem(
        ProblemType.ORDER_NOT_FOUND,
        "There is no order with id " + e.orderId() + ".",
        uri,
        List.of());
  }

  @ServerExceptionMapper
  RestResponse<Problem> alreadyCancelled(OrderAlreadyCancelled e, UriInfo uri) {
    return problem(ProblemType.ORDER_ALREADY_CANCELLED, e.getMessage() + ".", uri, List.of());
  }

  @ServerExceptionMapper
  RestResponse<Problem> alreadyRejected(OrderAlreadyRejected e, UriInfo uri) {
    return problem(ProblemType.ORDER_ALREADY_REJECTED, e.getMessage() + ".", uri, List.of());
  }

  @ServerExceptionMapper
  RestResponse<Problem> keyReused(IdempotencyKeyReused e, UriInfo uri) {
    return problem(
        ProblemType.IDEMPOTENCY_KEY_REUSED,
        "This Idempotency-Key was already used for a different order request; use a new key for a"
            + " new order.",
        uri,
        List.of(
            new FieldError(
                OrderResource.IDEMPOTENCY_KEY, "was already used for a different request body")));
  }

  @ServerExceptionMapper
  RestResponse<Problem> notRelayed(ReplicationSlotMissing e, UriInfo uri) {
    LOG.warn(e.getMessage());
    ProblemType type = ProblemType.OUTBOX_NOT_RELAYED;
    String detail =
        "Nothing was written: the outbox relay has not created its replication slot '"
            + e.slot()
            + "' yet, so the order's event could not be published. Retry once outbox-relay is"
            + " running.";
    return RestResponse.ResponseBuilder.<Problem>create(type.status())
        .type(Problem.MEDIA_TYPE)
        .header("Retry-After", "5")
        .entity(
            new Problem(type.uri(), type.title(), type.status(), detail, instance(uri), List.of()))
        .build();
  }

  @ServerExceptionMapper
  RestResponse<Problem> tooLarge(EventTooLarge e, UriInfo uri) {
    LOG.warn(e.getMessage());
    return problem(
        ProblemType.EVENT_TOO_LARGE,
        "Nothing was written: the order's event would be "
            + e.payloadBytes()
            + " bytes, over the limit of "
            + e.limitBytes()
            + " bytes an event may have to be published. Send fewer or shorter lines.",
        uri,
        List.of());
  }

  /** Statuses JAX-RS raises itself: unknown path (404), method (405), media type (406, 415). */
  @ServerExceptionMapper
  RestResponse<Problem> http(WebApplicationException e, UriInfo uri) {
    if (e.getCause() instanceof JsonProcessingException json) {
      return unreadable(json, uri);
    }
    Response original = e.getResponse();
    Response.StatusType status = original.getStatusInfo();
    RestResponse.ResponseBuilder<Problem> response =
        RestResponse.ResponseBuilder.<Problem>create(status.getStatusCode())
            .type(Problem.MEDIA_TYPE)
            .entity(
                new Problem(
                    ABOUT_BLANK,
                    status.getReasonPhrase(),
                    status.getStatusCode(),
                    e.getMessage(),
                    instance(uri),
                    List.of()));
    // A 405 must say which methods are allowed.
    String allow = original.getHeaderString(HttpHeaders.ALLOW);
    if (allow != null) {
      response.header(HttpHeaders.ALLOW, allow);
    }
    return response.build();
  }

  @ServerExceptionMapper
  RestResponse<Problem> unexpected(Throwable e, UriInfo uri) {
    LOG.errorf(e, "Request %s failed", instance(uri));
    return RestResponse.ResponseBuilder.<Problem>create(500)
        .type(Problem.MEDIA_TYPE)
        .entity(
            new Problem(
                ABOUT_BLANK,
                "Internal Server Error",
                500,
                "The request could not be processed; the cause is in the server's log.",
                instance(uri),
                List.of()))
        .build();
  }

  private static RestResponse<Problem> problem(
      ProblemType type, String detail, UriInfo uri, List<FieldError> errors) {
    return RestResponse.ResponseBuilder.<Problem>create(type.status())
        .type(Problem.MEDIA_TYPE)
        .entity(new Problem(type.uri(), type.title(), type.status(), detail, instance(uri), errors))
        .build();
  }

  /** The failed request's path as sent, still percent-encoded: a valid URI reference. */
  private static String instance(UriInfo uri) {
    return uri.getRequestUri().getRawPath();
  }

  /**
   * The field a violation is about, as the client wrote it: {@code lines[0].quantity} for the body,
   * the query parameter or header name for a parameter, {@code body} for a missing body.
   */
  static String field(ConstraintViolation<?> violation) {
    StringBuilder path = new StringBuilder();
    Path.MethodNode method = null;
    Path.ParameterNode parameter = null;
    for (Path.Node node : violation.getPropertyPath()) {
      if (node.getKind() == ElementKind.METHOD) {
        method = node.as(Path.MethodNode.class);
        continue;
      }
      if (node.getKind() == ElementKind.PARAMETER) {
        parameter = node.as(Path.ParameterNode.class);
        continue;
      }
      if (node.isInIterable()) {
        path.append('[')
            .append(node.getIndex() != null ? node.getIndex() : node.getKey())
            .append(']');
      }
      if (node.getKind() == ElementKind.PROPERTY) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(node.getName());
      }
    }
    if (!path.isEmpty()) {
      return path.toString();
    }
    if (parameter != null && method != null) {
      return parameterName(violation.getRootBeanClass(), method, parameter);
    }
    return BODY;
  }

  /**
   * The name a parameter has on the wire, read from its JAX-RS annotation; {@code body} for the
   * entity parameter, which has none. The violation may name a generated subclass of the resource,
   * so the whole hierarchy is searched.
   */
  private static String parameterName(
      Class<?> resource, Path.MethodNode method, Path.ParameterNode parameter) {
    Class<?>[] parameterTypes = method.getParameterTypes().toArray(Class<?>[]::new);
    for (Class<?> type = resource; type != null; type = type.getSuperclass()) {
      try {
        Method declared = type.getDeclaredMethod(method.getName(), parameterTypes);
        for (Annotation annotation :
            declared.getParameterAnnotations()[parameter.getParameterIndex()]) {
          String name = wireName(annotation);
          if (name != null) {
            return name;
          }
        }
      } catch (NoSuchMethodException e) {
        // declared further up
      }
    }
    return BODY;
  }

  private static String wireName(Annotation annotation) {
    if (annotation instanceof QueryParam query) {
      return query.value();
    }
    if (annotation instanceof HeaderParam header) {
      return header.value();
    }
    if (annotation instanceof PathParam path) {
      return path.value();
    }
    if (annotation instanceof CookieParam cookie) {
      return cookie.value();
    }
    if (annotation instanceof FormParam form) {
      return form.value();
    }
    if (annotation instanceof MatrixParam matrix) {
      return matrix.value();
    }
    return null;
  }

  private static String jsonPath(List<JsonMappingException.Reference> references) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : references) {
      if (reference.getFieldName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? BODY : path.toString();
  }

  private static String expectation(Class<?> type) {
    if (type == null) {
      return "has an invalid value";
    }
    if (type == Integer.class
        || type == int.class
        || type == Long.class
        || type == long.class
        || type == BigInteger.class) {
      return "must be an integer";
    }
    if (Number.class.isAssignableFrom(type) || type == BigDecimal.class || type.isPrimitive()) {
      return type == boolean.class ? "must be true or false" : "must be a number";
    }
    if (type == String.class) {
      return "must be a string";
    }
    if (type == Boolean.class) {
      return "must be true or false";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "must be an array";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "must be an object";
    }
    return "has an invalid value";
  }
}
