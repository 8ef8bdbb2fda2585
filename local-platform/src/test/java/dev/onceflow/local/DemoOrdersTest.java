package dev.onceflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The demo's orders: every eighth above payment-service's limit (1,000.00), the rest far below. */
class DemoOrdersTest {

  static final BigDecimal LIMIT = new BigDecimal("1000.00");

  @Test
  void everyEighthOrderIsAboveThePaymentLimit() throws Exception {
    ObjectMapper json = new ObjectMapper();
    for (long n = 0; n < 64; n++) {
      JsonNode line = json.readTree(DemoOrders.placement(n)).get("lines").get(0);
      BigDecimal total =
          line.get("unitPrice")
              .decimalValue()
              .multiply(BigDecimal.valueOf(line.get("quantity").asInt()));
      assertThat(total.compareTo(LIMIT) > 0).as("order %d: %s", n, total).isEqualTo(n % 8 == 7);
      assertThat(DemoOrders.declined(n)).isEqualTo(n % 8 == 7);
    }
  }

  @Test
  void readsTextFieldsOfAnAnswerAndNothingElse() {
    assertThat(DemoOrders.field("{\"id\":\"o-1\",\"status\":\"CONFIRMED\"}", "status"))
        .contains("CONFIRMED");
    assertThat(DemoOrders.field("{\"id\":7}", "id")).isEmpty();
    assertThat(DemoOrders.field("not json", "id")).isEmpty();
  }
}
