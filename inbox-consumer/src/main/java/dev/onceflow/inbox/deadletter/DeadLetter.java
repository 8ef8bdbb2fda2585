package dev.onceflow.inbox.deadletter;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A record this consumer dead-lettered, as projected from the dead-letter topic. */
@Entity
@Table(name = "dead_letter")
public class DeadLetter extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  public String consumer;

  @Column(name = "source_topic")
  public String sourceTopic;

  @Column(name = "source_partition")
  public int sourcePartition;

  @Column(name = "source_offset")
  public long sourceOffset;

  /** The {@code id} header as it arrived (it may be missing or invalid: that is one reason). */
  @Column(name = "event_id")
  public String eventId;

  @Column(name = "event_type")
  public String eventType;

  /** Reason code, e.g. {@code malformed-json}. */
  public String reason;

  /** The reason's details. */
  public String detail;

  /** Class of the exception that rejected the record. */
  public String exception;

  @Column(name = "record_key")
  public String recordKey;

  public byte[] payload;

  /** The original record's headers. */
  @JdbcTypeCode(SqlTypes.JSON)
  public Map<String, String> headers;

  @Column(name = "dead_lettered_at")
  public Instant deadLetteredAt;

  @Column(name = "replayed_at")
  public Instant replayedAt;

  @Column(name = "replay_outcome")
  public String replayOutcome;
}
