package dev.onceflow.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pure unit test: what the writer formats, the reader parses back, in order; bad entries. */
class ServiceDirectoryTest {

  @Test
  void whatIsFormattedParsesBackInOrder() {
    Map<String, URI> services = new LinkedHashMap<>();
    services.put("payment-service", URI.create("http://127.0.0.1:8084"));
    services.put("outbox-relay-payments", URI.create("https://relay.example:9443"));

    String setting = ServiceDirectory.format(services);

    assertThat(setting)
        .isEqualTo(
            "payment-service=http://127.0.0.1:8084,outbox-relay-payments=https://relay.example:9443");
    assertThat(ServiceDirectory.parse("k", Arrays.asList(setting.split(","))))
        .containsExactly(
            entry("payment-service", URI.create("http://127.0.0.1:8084")),
            entry("outbox-relay-payments", URI.create("https://relay.example:9443")));
  }

  @Test
  void blanksAroundEntriesAreIgnored() {
    assertThat(ServiceDirectory.parse("k", List.of(" a = http://a:1 ", " ", "b=http://b")))
        .containsExactly(entry("a", URI.create("http://a:1")), entry("b", URI.create("http://b")));
  }

  @Test
  void aBadEntryFailsNamingTheKeyAndTheEntry() {
    for (String bad :
        List.of("payment-service", "=http://a:1", "p=", "p=ftp://a:1", "p=not a url")) {
      assertThatThrownBy(() -> ServiceDirectory.parse("the.key", List.of(bad)))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("the.key: invalid entry '" + bad + "': ");
    }
  }

  @Test
  void aServiceListedTwiceIsAnError() {
    assertThatThrownBy(
            () -> ServiceDirectory.parse("k", List.of("a=http://a:1", "a=http://other:2")))
        .hasMessage("k: invalid entry 'a=http://other:2': a is listed twice");
  }
}
