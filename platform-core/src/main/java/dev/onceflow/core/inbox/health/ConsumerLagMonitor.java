package dev.onceflow.core.inbox.health;

import dev.onceflow.core.inbox.InboxConfig;
import dev.onceflow.core.kafka.KafkaClientProperties;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Reads the consumer group's lag from Kafka every {@code health.lag-refresh-interval} and feeds the
 * {@link StallDetector}. Lag is the last stable offset (what a {@code read_committed} consumer can
 * see) minus the group's committed offset, summed over the group's partitions.
 */
@ApplicationScoped
@IfBuildProperty(name = InboxConfig.ENABLED, stringValue = "true")
public class ConsumerLagMonitor {

  private static final Logger LOG = Logger.getLogger(ConsumerLagMonitor.class);

  private final InboxConfig config;
  private final InboxMetrics metrics;
  private final ConsumerProgress progress;
  private final EntityManager entityManager;
  private final Clock clock;
  private final Config rootConfig;

  private ScheduledExecutorService scheduler;
  private Admin admin;

  private final StallDetector stall;
  private volatile long lag = -1;
  private volatile String lagError;

  ConsumerLagMonitor(
      InboxConfig config,
      InboxMetrics metrics,
      ConsumerProgress progress,
      EntityManager entityManager,
      Clock clock,
      Config rootConfig) {
    this.config = config;
    this.metrics = metrics;
    this.progress = progress;
    this.entityManager = entityManager;
    this.clock = clock;
    this.rootConfig = rootConfig;
    this.stall = new StallDetector(config.health().stallThreshold());
  }

  void onStart(@Observes StartupEvent event) {
    Map<String, Object> adminConfig =
        KafkaClientProperties.read(rootConfig, AdminClientConfig.configNames());
    adminConfig.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, config.consumerName() + "-lag");
    adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
    adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    admin = Admin.create(adminConfig);
    long interval = config.health().lagRefreshInterval().toMillis();
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "onceflow-inbox-lag");
              thread.setDaemon(true);
              return thread;
            });
    scheduler.scheduleWithFixedDelay(
        this::refreshQuietly, interval, interval, TimeUnit.MILLISECONDS);
  }

  void onStop(@Observes ShutdownEvent event) {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    if (admin != null) {
      admin.close(Duration.ofSeconds(2));
    }
  }

  /** Reads lag and parked events now and updates the stall state. */
  public synchronized void refresh() throws Exception {
    long current = readLag();
    lag = current;
    lagError = null;
    metrics.lag(current);
    stall.observe(current, progress.batchesHandled(), clock.instant());
    metrics.parkedPending(countParked());
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (Exception e) {
      lagError = e.toString();
      LOG.debug("Reading consumer lag failed", e);
    }
  }

  private long readLag() throws Exception {
    String group = config.consumerName();
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    Set<TopicPartition> partitions = new HashSet<>(committed.keySet());
    ConsumerGroupDescription description =
        admin.describeConsumerGroups(Set.of(group)).describedGroups().get(group).get();
    for (MemberDescription member : description.members()) {
      partitions.addAll(member.assignment().topicPartitions());
    }
    if (partitions.isEmpty()) {
      return 0;
    }
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
    for (TopicPartition partition : partitions) {
      latest.put(partition, OffsetSpec.latest());
      earliest.put(partition, OffsetSpec.earliest());
    }
    ListOffsetsOptions readCommitted = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
    var ends = admin.listOffsets(latest, readCommitted).all().get();
    var starts = admin.listOffsets(earliest, readCommitted).all().get();
    long total = 0;
    for (TopicPartition partition : partitions) {
      OffsetAndMetadata offset = committed.get(partition);
      long from = offset != null ? offset.offset() : starts.get(partition).offset();
      total += Math.max(0, ends.get(partition).offset() - from);
    }
    return total;
  }

  private long countParked() {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                ((Number)
                        entityManager
                            .createNativeQuery(
                                "SELECT count(*) FROM inbox_parked_event WHERE consumer = ?1")
                            .setParameter(1, config.consumerName())
                            .getSingleResult())
                    .longValue());
  }

  /** Records not yet committed by the group, or -1 before the first reading. */
  public long lag() {
    return lag;
  }

  /** Why the last reading failed, or {@code null}. */
  public String lagError() {
    return lagError;
  }

  /** Whether lag has been growing with nothing handled for longer than the stall threshold. */
  public boolean stalled() {
    return stall.stalled(clock.instant());
  }

  /** Since when lag has grown without any batch handled, or {@code null}. */
  public Instant unservedSince() {
    return stall.growingSince();
  }
}
