package dev.onceflow.relay.health;

import dev.onceflow.relay.KafkaPassThrough;
import dev.onceflow.relay.engine.RelayEngine;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.config.Config;

/**
 * Whether the Kafka cluster answers, asked at most every two seconds however often the probes come.
 */
@ApplicationScoped
public class KafkaReachability {

  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final long CACHE_NANOS = Duration.ofSeconds(2).toNanos();

  private final Config config;
  private Admin admin;
  private long checkedAt;
  private boolean reachable;

  KafkaReachability(Config config) {
    this.config = config;
  }

  /** Whether the cluster described itself within two seconds, at the last check. */
  public synchronized boolean reachable() {
    long now = System.nanoTime();
    if (admin != null && now - checkedAt < CACHE_NANOS) {
      return reachable;
    }
    if (admin == null) {
      admin = Admin.create(RelayEngine.adminProperties(KafkaPassThrough.read(config)));
    }
    try {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
          .nodes()
          .get(TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
      reachable = true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reachable = false;
    } catch (Exception e) {
      reachable = false;
    }
    checkedAt = System.nanoTime();
    return reachable;
  }

  synchronized void close(@Observes ShutdownEvent event) {
    if (admin != null) {
      admin.close(Duration.ofSeconds(1));
      admin = null;
    }
  }
}
