package dev.onceflow.order;

import static dev.onceflow.order.OrderRequests.newCustomer;
import static dev.onceflow.order.OrderRequests.post;
import static dev.onceflow.order.OrderRequests.validBody;
import static dev.onceflow.order.Problems.assertProblem;
import static dev.onceflow.order.ServiceTokens.authorized;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
@TestProfile(RetainedOutbox.class)
class PlaceOrderTest {

  @Test
  void placesAnOrderAndNamesItInLocation() {
    String customer = newCustomer("place");
    Instant before = Instant.now();

    ExtractableResponse<Response> created =
        post(validBody(customer))
            .statusCode(201)
            .contentType(ContentType.JSON)
            .header("Location", notNullValue())
            .extract();

    JsonPath json = OrderRequests.json(created);
    Map<String, Object> order = json.getMap("");
    String id = (String) order.get("id");
    assertThat(UUID.fromString(id).version()).isEqualTo(7);
    assertThat(created.header("Location")).endsWith("/orders/" + id);
    assertThat(order)
        .containsEntry("customerId", customer)
        .containsEntry("currency", "EUR")
        .containsEntry("status", "PLACED")
        .containsEntry("version", 1)
        .doesNotContainKeys("cancelledAt", "cancellationReason");
    // Amounts keep two decimals, as stored.
    assertThat(order.get("total")).isEqualTo(new BigDecimal("25.99"));
    assertThat(json.getList("lines.sku")).containsExactly("SKU-1", "SKU-2");
    assertThat(json.getList("lines.quantity")).containsExactly(2, 1);
    assertThat(json.getList("lines.unitPrice"))
        .containsExactly(new BigDecimal("10.50"), new BigDecimal("4.99"));
    assertThat(Instant.parse((String) order.get("createdAt")))
        .isBetween(before.minusSeconds(1), Instant.now().plusSeconds(1));

    // What a later read returns is what the creation returned, to the digit.
    Map<String, Object> read =
        OrderRequests.json(given().get(created.header("Location")).then().statusCode(200).extract())
            .getMap("");
    assertThat(read).isEqualTo(order);
    assertThat(OrdersDatabase.ordersOf(customer)).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          blank customerId         | {"customerId": " ", "currency": "EUR", "lines": [{"sku": "A", "quantity": 1, "unitPrice": 1}]}                    | customerId
          missing customerId       | {"currency": "EUR", "lines": [{"sku": "A", "quantity": 1, "unitPrice": 1}]}                                        | customerId
          NUL in customerId        | {"customerId": "a\\u0000b", "currency": "EUR", "lines": [{"sku": "A", "quantity": 1, "unitPrice": 1}]}            | customerId
          lower-case currency      | {"customerId": "c", "currency": "eur", "lines": [{"sku": "A", "quantity": 1, "unitPrice": 1}]}                   | currency
          unknown currency         | {"customerId": "c", "currency": "ABC", "lines": [{"sku": "A", "quantity": 1, "unitPrice": 1}]}                   | currency
          four-letter currency     | {"customerId": "c", "currency": "EURO", "lines": [{"sku": "A", "quantity": 1, "unitPrice": 1}]}                  | currency
          missing currency         | {"customerId": "c", "lines": [{"sku": "A", "quantity": 1, "unitPrice": 1}]}                                      | currency
          no lines                 | {"customerId": "c", "currency": "EUR", "lines": []}                                                              | lines
          missing lines            | {"customerId": "c", "currency": "EUR"}                                                                           | lines
          null line                | {"customerId": "c", "currency": "EUR", "lines": [null]}                                                          | lines[0]
          blank sku                | {"customerId": "c", "currency": "EUR", "lines": [{"sku": "", "quantity": 1, "unitPrice": 1}]}                    | lines[0].sku
          zero quantity            | {"customerId": "c", "currency": "EUR", "lines": [{"sku": "A", "quantity": 0, "unitPrice": 1}]}                   | lines[0].quantity
          huge quantity            | {"customerId": "c", "currency": "EUR", "lines": [{"sku": "A", "quantity": 10001, "unitPrice": 1}]}               | lines[0].quantity
          missing quantity         | {"customerId": "c", "currency": "EUR", "lines": [{"sku": "A", "unitPrice": 1}]}                                  | lines[0].quantity
          zero price               | {"customerId": "c", "currency": "EUR", "lines": [{"sku": "A", "quantity": 1, "unitPrice": 0}]}                   | lines[0].unitPrice
          negative price           | {"customerId": "c", "currency": "EUR", "lines": [{"sku": "A", "quantity": 1, "unitPrice": -1}]}                  | lines[0].unitPrice
          three decimals           | {"customerId": "c", "currency": "EUR", "lines": [{"sku": "A", "quantity": 1, "unitPrice": 1.001}]}               | lines[0].unitPrice
          price too large          | {"customerId": "c", "currency": "EUR", "lines": [{"sku": "A", "quantity": 1, "unitPrice": 1000000000}]}          | lines[0].unitPrice
          quantity as text         | {"customerId": "c", "currency": "EUR", "lines": [{"sku": "A", "quantity": "two", "unitPrice": 1}]}               | lines[0].quantity
          quantity as numeric text | {"customerId": "c", "currency": "EUR", "lines": [{"sku": "A", "quantity": "2", "unitPrice": 1}]}                 | lines[0].quantity
          fractional quantity      | {"customerId": "c", "currency": "EUR", "lines": [{"sku": "A", "quantity": 1.5, "unitPrice": 1}]}                 | lines[0].quantity
          price as text            | {"customerId": "c", "currency": "EUR", "lines": [{"sku": "A", "quantity": 1, "unitPrice": "1.00"}]}              | lines[0].unitPrice
          customerId as number     | {"customerId": 42, "currency": "EUR", "lines": [{"sku": "A", "quantity": 1, "unitPrice": 1}]}                    | customerId
          lines as object          | {"customerId": "c", "currency": "EUR", "lines": {"sku": "A"}}                                                     | lines
          body as array            | [{"customerId": "c"}]                                                                                             | body
          unknown field            | {"customerId": "c", "currency": "EUR", "lines": [{"sku": "A", "quantity": 1, "unitPrice": 1}], "coupon": "X"}    | coupon
          unknown nested field     | {"customerId": "c", "currency": "EUR", "lines": [{"sku": "A", "quantity": 1, "unitPrice": 1, "colour": "red"}]}  | lines[0].colour
          two wrong fields         | {"customerId": "", "currency": "EUR", "lines": [{"sku": "A", "quantity": 1, "unitPrice": 1}, {"sku": "B", "quantity": -1, "unitPrice": 1}]} | customerId;lines[1].quantity
          """)
  void refusesInvalidBodiesNamingEachField(String name, String body, String fields) {
    assertProblem(post(body), 400, "invalid-request", fields.split(";"));
  }

  @Test
  void acceptsUnusualButValidText() {
    String customer = newCustomer("unicode-\uD83D\uDE00-\u2028");
    post(validBody(customer).replace("SKU-1", "SKU-\\ud800-é")).statusCode(201);
    assertThat(OrdersDatabase.ordersOf(customer)).isEqualTo(1);
  }

  @Test
  void refusesMoreThanAHundredLines() {
    String lines =
        IntStream.range(0, 101)
            .mapToObj(i -> "{\"sku\": \"S%d\", \"quantity\": 1, \"unitPrice\": 1}".formatted(i))
            .collect(Collectors.joining(","));
    assertProblem(
        post("{\"customerId\": \"c\", \"currency\": \"EUR\", \"lines\": [" + lines + "]}"),
        400,
        "invalid-request",
        "lines");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          truncated       | {"customerId": "c", "currency":                                                                                       | malformed-json
          not JSON        | customerId=c                                                                                                         | malformed-json
          duplicate field | {"customerId": "c", "customerId": "d", "currency": "EUR", "lines": [{"sku": "A", "quantity": 1, "unitPrice": 1}]}     | malformed-json
          trailing junk   | {"customerId": "c", "currency": "EUR", "lines": [{"sku": "A", "quantity": 1, "unitPrice": 1}]} }                     | malformed-json
          """)
  void refusesMalformedJson(String name, String body, String type) {
    assertProblem(post(body), 400, type);
  }

  @Test
  void refusesAMissingBody() {
    assertProblem(
        authorized().contentType(ContentType.JSON).when().post("/orders").then(),
        400,
        "invalid-request",
        "body");
  }

  @Test
  void refusesBodiesOverTheSizeLimit() {
    String padding = "x".repeat(70 * 1024);
    String body =
        "{\"customerId\": \"%s\", \"currency\": \"EUR\", \"lines\": []}".formatted(padding);
    assertProblem(post(body), 413, "about:blank");
  }

  @Test
  void refusesOtherMediaTypes() {
    assertProblem(
        authorized().contentType(ContentType.TEXT).body("hello").when().post("/orders").then(),
        415,
        "about:blank");
  }

  @ParameterizedTest
  @CsvSource({"'has space'", "'é'", "'tab\there'"})
  void refusesMalformedIdempotencyKeys(String key) {
    assertProblem(
        post(validBody(newCustomer("bad-key")), key), 400, "invalid-request", "Idempotency-Key");
  }

  @Test
  void refusesAnIdempotencyKeyLongerThan255Characters() {
    assertProblem(
        post(validBody(newCustomer("long-key")), "k".repeat(256)),
        400,
        "invalid-request",
        "Idempotency-Key");
  }

  @Test
  void answersUnknownRoutesAndMethodsWithProblems() {
    assertProblem(given().get("/nowhere").then(), 404, "about:blank");
    assertProblem(given().delete("/orders").then(), 405, "about:blank");
  }

  @Test
  void listsEveryOrderLineInTheGivenOrder() {
    String lines =
        IntStream.range(0, 100)
            .mapToObj(
                i ->
                    "{\"sku\": \"S%03d\", \"quantity\": %d, \"unitPrice\": 0.01}"
                        .formatted(i, i + 1))
            .collect(Collectors.joining(","));
    post("{\"customerId\": \"%s\", \"currency\": \"JPY\", \"lines\": [%s]}"
            .formatted(newCustomer("many-lines"), lines))
        .statusCode(201)
        .body("lines", hasSize(100))
        .body("lines[99].sku", equalTo("S099"))
        .body("total", equalTo(50.5f));
  }
}
