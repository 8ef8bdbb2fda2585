-- Parking, dead letters and the per-order position now belong to the Onceflow inbox library
-- (platform-core's V0_3_0: inbox_parked_event, inbox_dead_letter, inbox_aggregate). Move what this
-- service stored in its own tables, then drop them. shipment.last_sequence stays as business data.
INSERT INTO inbox_aggregate (consumer, aggregate_id, last_sequence)
SELECT '${onceflow_consumer}', order_id, last_sequence FROM shipment
ON CONFLICT DO NOTHING;

INSERT INTO inbox_parked_event (consumer, event_id, aggregate_id, sequence, record_key, payload,
                                headers, source_topic, source_partition, source_offset, parked_at)
SELECT consumer, event_id, order_id, sequence, record_key, payload, headers, source_topic,
       source_partition, source_offset, parked_at
FROM parked_event;

INSERT INTO inbox_dead_letter (id, consumer, source_topic, source_partition, source_offset, event_id,
                               event_type, reason, detail, exception, record_key, payload, headers,
                               dead_lettered_at, replayed_at, replay_outcome)
SELECT id, consumer, source_topic, source_partition, source_offset, event_id, event_type, reason,
       detail, exception, record_key, payload, headers, dead_lettered_at, replayed_at, replay_outcome
FROM dead_letter;
SELECT setval(pg_get_serial_sequence('inbox_dead_letter', 'id'),
              (SELECT coalesce(max(id), 0) + 1 FROM inbox_dead_letter), false);

DROP TABLE parked_event;
DROP TABLE dead_letter;
