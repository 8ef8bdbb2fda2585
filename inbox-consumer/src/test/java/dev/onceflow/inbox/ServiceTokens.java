package dev.onceflow.inbox;

import static io.restassured.RestAssured.given;

import dev.onceflow.contract.security.ServiceToken;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/** Requests that present the service token the test profile configures. */
public final class ServiceTokens {

  private ServiceTokens() {}

  /** The token inbox-consumer expects in this test run ({@code %test.onceflow.service-token}). */
  public static String token() {
    return ConfigProvider.getConfig().getValue(ServiceToken.CONFIG_KEY, String.class);
  }

  /** A request carrying {@code Authorization: Bearer <token>}, as the dashboard sends it. */
  public static RequestSpecification authorized() {
    return given().header(ServiceToken.HEADER, ServiceToken.authorization(token()));
  }
}
