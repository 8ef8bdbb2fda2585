package dev.onceflow.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.onceflow.contract.security.ServiceToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExpectedServiceTokenTest {

  private static final String TOKEN = "0123456789abcdef-the-test-token";
  private final ExpectedServiceToken expected = ExpectedServiceToken.of(Optional.of(TOKEN));

  @Test
  void acceptsOnlyBearerWithTheExactToken() {
    assertThat(expected.acceptsHeader("Bearer " + TOKEN)).isTrue();
    assertThat(expected.acceptsHeader(ServiceToken.authorization(TOKEN))).isTrue();
    // The scheme is case-insensitive (RFC 9110), the token is not.
    assertThat(expected.acceptsHeader("bearer " + TOKEN)).isTrue();
    assertThat(expected.acceptsHeader("Bearer " + TOKEN.toUpperCase())).isFalse();
  }

  @Test
  void refusesAbsentMalformedAndNearMissTokens() {
    assertThat(expected.acceptsHeader(null)).isFalse();
    assertThat(expected.acceptsHeader("")).isFalse();
    assertThat(expected.acceptsHeader("Bearer")).isFalse();
    assertThat(expected.acceptsHeader("Bearer ")).isFalse();
    assertThat(expected.acceptsHeader(TOKEN)).isFalse();
    assertThat(expected.acceptsHeader("Basic " + TOKEN)).isFalse();
    assertThat(expected.acceptsHeader("Bearer  " + TOKEN)).isFalse();
    assertThat(expected.acceptsHeader("Bearer " + TOKEN + " ")).isFalse();
    assertThat(expected.acceptsHeader("Bearer " + TOKEN.substring(0, TOKEN.length() - 1)))
        .isFalse();
    assertThat(expected.acceptsHeader("Bearer " + TOKEN + "x")).isFalse();
    assertThat(expected.acceptsHeader("Bearer " + TOKEN.replace('9', '8'))).isFalse();
  }

  @Test
  void aMissingBlankOrShortTokenFailsNamingTheKey() {
    assertThatThrownBy(() -> ExpectedServiceToken.of(Optional.empty()))
        .isInstanceOf(ServiceTokenMissing.class)
        .hasMessageContaining("onceflow.service-token is required")
        .hasMessageContaining("ONCEFLOW_SERVICE_TOKEN");
    assertThatThrownBy(() -> ExpectedServiceToken.of(Optional.of("   ")))
        .isInstanceOf(ServiceTokenMissing.class)
        .hasMessageContaining("onceflow.service-token is required");
    assertThatThrownBy(() -> ExpectedServiceToken.of(Optional.of("short")))
        .isInstanceOf(ServiceTokenMissing.class)
        .hasMessageContaining("onceflow.service-token must be at least 16 characters");
    assertThatThrownBy(() -> ExpectedServiceToken.of(Optional.of(" " + TOKEN)))
        .isInstanceOf(ServiceTokenMissing.class)
        .hasMessageContaining("onceflow.service-token must not begin or end with white space");
    assertThat(ExpectedServiceToken.problems(Optional.of(TOKEN))).isEmpty();
  }

  /**
   * The comparison must not leak the token through timing: it goes through MessageDigest.isEqual on
   * digests, never String.equals / compareTo / contentEquals on the token.
   */
  @Test
  void comparesInConstantTime() throws IOException {
    String source =
        Files.readString(
            Path.of("src/main/java/dev/onceflow/core/security/ExpectedServiceToken.java"));
    String acceptsHeader = source.substring(source.indexOf("boolean acceptsHeader("));
    acceptsHeader = acceptsHeader.substring(0, acceptsHeader.indexOf("\n  }\n"));
    assertThat(acceptsHeader)
        .contains("MessageDigest.isEqual(digest, sha256(")
        .doesNotContain(".equals(")
        .doesNotContain("compareTo(")
        .doesNotContain("contentEquals(");
  }
}
