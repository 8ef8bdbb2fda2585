package dev.onceflow.dashboard.stats;

/** A consumer group's lag on one partition, in records. */
public final class ConsumerLag {

  private ConsumerLag() {}

  /**
   * Records of a partition the group has not committed yet.
   *
   * <p>The broker's end offset counts transaction markers too: after a transactional producer's
   * commit, the end offset is one past the marker that follows the last record, while a consumer
   * that handled that record commits the record's offset + 1. So when the dashboard itself has seen
   * the partition up to its last record ({@code observedEnd}, one past the last record it read) and
   * that is at most one short of the end offset, the observed end counts; otherwise the broker's.
   *
   * @param endOffset the partition's end offset ({@code read_committed}: the last stable offset)
   * @param observedEnd one past the last record the dashboard read, or {@code -1}
   * @param committed the group's committed offset, or {@code -1} when it has none
   */
  public static long of(long endOffset, long observedEnd, long committed) {
    long end = observedEnd >= 0 && observedEnd >= endOffset - 1 ? observedEnd : endOffset;
    long from = Math.max(committed, 0);
    return Math.max(0, end - from);
  }
}
