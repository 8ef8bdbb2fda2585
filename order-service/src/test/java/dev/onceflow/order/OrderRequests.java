package dev.onceflow.order;

import static dev.onceflow.order.ServiceTokens.authorized;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.path.json.config.JsonPathConfig.NumberReturnType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.util.UUID;

/** Request bodies and calls shared by the API tests. */
final class OrderRequests {

  private OrderRequests() {}

  /** A customer id no other test uses. */
  static String newCustomer(String purpose) {
    return purpose + "-" + UUID.randomUUID();
  }

  /** A valid body: two lines totalling 2 x 10.50 + 1 x 4.99 = 25.99 EUR. */
  static String validBody(String customerId) {
    return """
        {"customerId": "%s", "currency": "EUR", "lines": [
          {"sku": "SKU-1", "quantity": 2, "unitPrice": 10.5},
          {"sku": "SKU-2", "quantity": 1, "unitPrice": 4.99}
        ]}
        """
        .formatted(customerId);
  }

  /** Places a valid order and returns its id. */
  static String place(String customerId) {
    return post(validBody(customerId)).statusCode(201).extract().path("id");
  }

  /** The response body, with decimals read as {@link java.math.BigDecimal} so scale shows. */
  static JsonPath json(ExtractableResponse<Response> response) {
    return response.jsonPath(
        JsonPathConfig.jsonPathConfig().numberReturnType(NumberReturnType.BIG_DECIMAL));
  }

  static ValidatableResponse post(String body) {
    return authorized().contentType(ContentType.JSON).body(body).when().post("/orders").then();
  }

  static ValidatableResponse post(String body, String idempotencyKey) {
    return authorized()
        .contentType(ContentType.JSON)
        .header("Idempotency-Key", idempotencyKey)
        .body(body)
        .when()
        .post("/orders")
        .then();
  }
}
