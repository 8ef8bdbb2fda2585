package dev.onceflow.testkit.inbox.app;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One applied event: a row per application, never an upsert, so an event applied twice shows as two
 * rows.
 */
@Entity
@Table(name = "contract_effect")
public class Effect {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  Long id;

  @Column(name = "aggregate_id")
  String aggregateId;

  long sequence;

  protected Effect() {}

  Effect(String aggregateId, long sequence) {
    this.aggregateId = aggregateId;
    this.sequence = sequence;
  }
}
