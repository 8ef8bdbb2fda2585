#!/usr/bin/env bash
# Creates every topic of topics.txt that does not exist yet; never alters an existing one.
set -euo pipefail
bootstrap="${KAFKA_BOOTSTRAP_SERVERS:?}"
until /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$bootstrap" --list >/dev/null 2>&1; do
  echo "waiting for Kafka at $bootstrap"
  sleep 2
done
grep -v '^[[:space:]]*#' /etc/onceflow/topics/topics.txt | while read -r topic partitions replicas configs; do
  [ -n "$topic" ] || continue
  args=()
  for config in $configs; do args+=(--config "$config"); done
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$bootstrap" --create --if-not-exists \
    --topic "$topic" --partitions "$partitions" --replication-factor "$replicas" "${args[@]}"
done
/opt/kafka/bin/kafka-topics.sh --bootstrap-server "$bootstrap" --describe
