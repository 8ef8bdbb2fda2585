package dev.onceflow.deploy;

import static dev.onceflow.deploy.Catalogue.SERVICES;

import dev.onceflow.contract.security.ServiceToken;
import dev.onceflow.deploy.render.ContainerEnv;
import dev.onceflow.deploy.render.Overlay;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Who can reach the services: a packaged service listens on loopback only unless told otherwise (a
 * local run never exposes it to the network), every pod is told otherwise, and every service that
 * checks the service token, and the dashboard that sends it, read it from the Secret.
 */
class ServiceAccessTest {

  static final java.util.List<String> OVERLAYS = Catalogue.OVERLAYS;

  private static final String LOOPBACK = "127.0.0.1";
  private static final String TOKEN_SECRET =
      "<secret " + ServiceToken.KUBERNETES_SECRET + "/" + ServiceToken.KUBERNETES_SECRET_KEY + ">";

  /** Services that demand the token, by the variable they read it from. */
  private static final Map<String, String> TOKEN_VARIABLES =
      Map.of(
          "order-service", ServiceToken.ENVIRONMENT_VARIABLE,
          "inbox-consumer", ServiceToken.ENVIRONMENT_VARIABLE,
          "payment-service", ServiceToken.ENVIRONMENT_VARIABLE,
          "dashboard", "ONCEFLOW_DASHBOARD_SERVICE_TOKEN");

  @Test
  void everyShippedServiceListensOnLoopbackByDefault() {
    SoftAssertions soft = new SoftAssertions();
    for (String service : SERVICES) {
      soft.assertThat(Catalogue.module(service).property("quarkus.http.host"))
          .as("%s: quarkus.http.host of the packaged (prod) service", service)
          .hasValue(LOOPBACK);
    }
    soft.assertAll();
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void everyPodListensOnItsPodAddress(String name) {
    Overlay overlay = Overlay.load(name);
    SoftAssertions soft = new SoftAssertions();
    for (String service : SERVICES) {
      Map<String, String> env = ContainerEnv.of(overlay, Catalogue.container(overlay, service));
      soft.assertThat(env.get("QUARKUS_HTTP_HOST"))
          .as("%s: %s must listen beyond loopback for probes and callers", name, service)
          .isEqualTo("0.0.0.0");
    }
    soft.assertAll();
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void theServiceTokenComesFromItsSecret(String name) {
    Overlay overlay = Overlay.load(name);
    SoftAssertions soft = new SoftAssertions();
    TOKEN_VARIABLES.forEach(
        (service, variable) -> {
          Map<String, String> env = ContainerEnv.of(overlay, Catalogue.container(overlay, service));
          soft.assertThat(env.get(variable))
              .as("%s: %s reads %s from the Secret", name, service, variable)
              .isEqualTo(TOKEN_SECRET);
        });
    soft.assertAll();
  }
}
