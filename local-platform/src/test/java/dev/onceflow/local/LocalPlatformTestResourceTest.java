package dev.onceflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

class LocalPlatformTestResourceTest {

  @Test
  void returnsQuarkusConfigForAFreshOwnedDatabase() throws Exception {
    LocalPlatformTestResource resource = new LocalPlatformTestResource();
    resource.init(Map.of(LocalPlatformTestResource.DATABASE, "resource_orders"));

    Map<String, String> config = resource.start();

    assertThat(config)
        .containsEntry("quarkus.devservices.enabled", "false")
        .containsEntry(
            "quarkus.datasource.jdbc.url",
            LocalPlatformTestResource.postgres().jdbcUrl("resource_orders"))
        .containsEntry("quarkus.datasource.username", "resource_orders")
        .containsEntry(
            "kafka.bootstrap.servers", LocalPlatformTestResource.kafka().bootstrapServers())
        .containsEntry("quarkus.log.category.\"kafka\".level", "WARN");
    try (Connection connection =
            DriverManager.getConnection(
                config.get("quarkus.datasource.jdbc.url"),
                config.get("quarkus.datasource.username"),
                config.get("quarkus.datasource.password"));
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SHOW wal_level")) {
      result.next();
      assertThat(result.getString(1)).isEqualTo("logical");
    }
    try (Admin admin = LocalPlatformTestResource.kafka().admin()) {
      assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
    }
  }

  @Test
  void freshGivesEachStartItsOwnDatabaseUnderOneOwner() {
    LocalPlatformTestResource resource = new LocalPlatformTestResource();
    resource.init(
        Map.of(
            LocalPlatformTestResource.DATABASE, "fresh_orders",
            LocalPlatformTestResource.USERNAME, "fresh_owner",
            LocalPlatformTestResource.FRESH, "true"));

    Map<String, String> first = resource.start();
    Map<String, String> second = resource.start();

    assertThat(first.get("quarkus.datasource.jdbc.url"))
        .isNotEqualTo(second.get("quarkus.datasource.jdbc.url"))
        .contains("/fresh_orders_");
    assertThat(Set.of(first, second))
        .allSatisfy(
            config ->
                assertThat(config).containsEntry("quarkus.datasource.username", "fresh_owner"));
  }

  /** Quarkus loads the resource once per test profile, each time in a new class loader. */
  @Test
  void anotherClassLoaderAttachesToTheSamePlatform() throws Exception {
    int port = LocalPlatformTestResource.postgres().port();
    String servers = LocalPlatformTestResource.kafka().bootstrapServers();

    try (URLClassLoader other =
        new URLClassLoader(classPath(), ClassLoader.getPlatformClassLoader())) {
      Class<?> resource = other.loadClass(LocalPlatformTestResource.class.getName());
      assertThat(resource).isNotSameAs(LocalPlatformTestResource.class);
      Object postgres = resource.getMethod("postgres").invoke(null);
      Object kafka = resource.getMethod("kafka").invoke(null);

      assertThat(postgres.getClass().getMethod("port").invoke(postgres)).isEqualTo(port);
      assertThat(kafka.getClass().getMethod("bootstrapServers").invoke(kafka)).isEqualTo(servers);
      assertThat(postgres.getClass().getMethod("isRunning").invoke(postgres)).isEqualTo(true);
    }
  }

  private static URL[] classPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(
            entry -> {
              try {
                return Path.of(entry).toUri().toURL();
              } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
              }
            })
        .toArray(URL[]::new);
  }
}
