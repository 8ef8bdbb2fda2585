package dev.onceflow.order.domain;

import dev.onceflow.contract.order.OrderCancelled;
import dev.onceflow.contract.order.OrderPlaced;
import dev.onceflow.core.outbox.TimeOrderedIds;
import dev.onceflow.order.OrdersConfig;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Places and cancels orders. Each change and the event describing it are written in one transaction
 * through the {@link OrderOutbox}; nothing here talks to Kafka. Payment outcomes decide orders in
 * {@link OrderDecisions}.
 */
@ApplicationScoped
public class OrderService {

  // Inserts the key, or takes over a row whose key has expired; 0 rows: the key is live. A
  // concurrent claim of the same key waits on the row until this transaction ends.
  private static final String CLAIM_KEY =
      "INSERT INTO order_idempotency_key (customer_id, idempotency_key, request_fingerprint,"
          + " order_id, created_at) VALUES (?, ?, ?, ?, ?)"
          + " ON CONFLICT (customer_id, idempotency_key) DO UPDATE"
          + " SET request_fingerprint = EXCLUDED.request_fingerprint,"
          + " order_id = EXCLUDED.order_id, created_at = EXCLUDED.created_at"
          + " WHERE order_idempotency_key.created_at <= ?";
  private static final String FIND_KEY =
      "SELECT request_fingerprint, order_id FROM order_idempotency_key"
          + " WHERE customer_id = ?1 AND idempotency_key = ?2";
  private static final String STATEMENT_TIMEOUT = "SELECT set_config('statement_timeout', ?, true)";
  private static final String QUERY_CANCELED = "57014";
  private static final Sort NEWEST_FIRST =
      Sort.by("createdAt", Sort.Direction.Descending).and("id", Sort.Direction.Descending);

  private final OrderRepository orders;
  private final OrderOutbox outbox;
  private final Clock clock;
  private final OrdersConfig config;

  OrderService(OrderRepository orders, OrderOutbox outbox, Clock clock, OrdersConfig config) {
    this.orders = orders;
    this.outbox = outbox;
    this.clock = clock;
    this.config = config;
  }

  /**
   * Stores a new order and its {@link OrderPlaced} event (sequence 1) in one transaction.
   *
   * <p>With an idempotency key, the key is claimed before anything else is written. Keys belong to
   * the order's customer (two customers may use the same key) and expire after {@code
   * onceflow.orders.idempotency-key-ttl}. A request whose key is already claimed waits for the
   * claiming transaction to end, then returns the order it created without writing anything; had
   * that transaction rolled back, or had the key expired, the claim succeeds and this request
   * places the order instead.
   *
   * @param idempotencyKey the client's retry key, or {@code null}
   * @throws IdempotencyKeyReused if the customer's live key was claimed for a different order
   */
  @Transactional
  public Placement place(NewOrder request, String idempotencyKey) {
    Instant now = now();
    UUID id = TimeOrderedIds.next(clock);
    if (idempotencyKey != null) {
      String fingerprint = request.fingerprint();
      if (claim(request.customerId(), idempotencyKey, fingerprint, id, now) == 0) {
        return new Placement(
            earlierPlacement(request.customerId(), idempotencyKey, fingerprint), false);
      }
    }
    Order order = Order.place(id, request.customerId(), request.currency(), request.lines(), now);
    orders.persist(order);
    orders.flush();
    outbox.record(
        new OrderPlaced(
            id.toString(),
            order.customerId(),
            order.currency(),
            order.contractLines(),
            order.total(),
            order.createdAt(),
            order.version()));
    return new Placement(order, true);
  }

  /**
   * Cancels a placed or confirmed order and records {@link OrderCancelled} with the order's next
   * version as its sequence (2 from placed, 3 from confirmed). The row is locked first, so of two
   * concurrent cancellations one wins and the other sees the cancelled order, and a payment outcome
   * consumed meanwhile ({@link OrderDecisions}) applies either before or after it, never across.
   *
   * @param reason why, as the customer said; may be {@code null}
   * @throws OrderNotFound if there is no such order
   * @throws OrderAlreadyCancelled if it was cancelled before
   * @throws OrderAlreadyRejected if its payment was declined
   */
  @Transactional
  public Order cancel(UUID id, String reason) {
    Order order = orders.findById(id, LockModeType.PESSIMISTIC_WRITE);
    if (order == null) {
      throw new OrderNotFound(id.toString());
    }
    order.cancel(reason, now());
    // The flush writes the incremented version, which is the sequence the event must carry.
    orders.flush();
    outbox.record(
        new OrderCancelled(
            id.toString(), order.customerId(), reason, order.cancelledAt(), order.version()));
    return order;
  }

  /**
   * The order with this id.
   *
   * @throws OrderNotFound if there is none
   */
  public Order get(UUID id) {
    Order order = orders.findById(id);
    if (order == null) {
      throw new OrderNotFound(id.toString());
    }
    return order;
  }

  /**
   * A page of orders, newest first (ties broken by id), starting strictly after {@code after}:
   * keyset paging, one index range scan per page and no count, under the statement timeout {@code
   * onceflow.orders.query-timeout}.
   *
   * @param customerId only this customer's orders, or {@code null} for all
   * @param status only orders in this status, or {@code null} for all
   * @param after where the previous page ended, or {@code null} for the first page
   * @param size orders per page, at least 1
   * @throws ListingTimedOut if the query ran longer than the timeout
   */
  @Transactional
  public OrderListing list(String customerId, OrderStatus status, OrderCursor after, int size) {
    try {
      limitStatementTime();
      return page(customerId, status, after, size);
    } catch (RuntimeException e) {
      if (cancelledByTimeout(e)) {
        throw new ListingTimedOut(config.queryTimeout(), e);
      }
      throw e;
    }
  }

  private OrderListing page(String customerId, OrderStatus status, OrderCursor after, int size) {
    List<String> conditions = new ArrayList<>();
    Parameters parameters = new Parameters();
    if (customerId != null) {
      conditions.add("customerId = :customerId");
      parameters.and("customerId", customerId);
    }
    if (status != null) {
      conditions.add("status = :status");
      parameters.and("status", status);
    }
    if (after != null) {
      conditions.add("(createdAt < :afterTime or (createdAt = :afterTime and id < :afterId))");
      parameters.and("afterTime", after.createdAt()).and("afterId", after.id());
    }
    PanacheQuery<Order> query =
        conditions.isEmpty()
            ? orders.findAll(NEWEST_FIRST)
            : orders.find(String.join(" and ", conditions), NEWEST_FIRST, parameters);
    // One more than asked: whether it exists says whether there is a next page.
    List<Order> items = query.range(0, size).list();
    if (items.size() <= size) {
      return new OrderListing(items, null);
    }
    List<Order> page = items.subList(0, size);
    return new OrderListing(List.copyOf(page), OrderCursor.after(page.get(size - 1)));
  }

  // SET LOCAL: the timeout ends with this read-only transaction and never reaches a placement.
  private void limitStatementTime() {
    orders
        .getSession()
        .doWork(
            connection -> {
              try (PreparedStatement statement = connection.prepareStatement(STATEMENT_TIMEOUT)) {
                statement.setString(1, config.queryTimeout().toMillis() + "ms");
                statement.execute();
              }
            });
  }

  private static boolean cancelledByTimeout(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && QUERY_CANCELED.equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  // Plain JDBC on the transaction's connection: the claim involves no entity, and on the hot path
  // a native query would cost Hibernate's query machinery for one insert.
  private int claim(
      String customerId, String idempotencyKey, String fingerprint, UUID orderId, Instant at) {
    Instant expiredAt = at.minus(config.idempotencyKeyTtl());
    return orders
        .getSession()
        .doReturningWork(
            connection -> {
              try (PreparedStatement statement = connection.prepareStatement(CLAIM_KEY)) {
                statement.setString(1, customerId);
                statement.setString(2, idempotencyKey);
                statement.setString(3, fingerprint);
                statement.setObject(4, orderId);
                statement.setTimestamp(5, Timestamp.from(at));
                statement.setTimestamp(6, Timestamp.from(expiredAt));
                return statement.executeUpdate();
              }
            });
  }

  private Order earlierPlacement(String customerId, String idempotencyKey, String fingerprint) {
    Object[] claim =
        (Object[])
            orders
                .getEntityManager()
                .createNativeQuery(FIND_KEY)
                .setParameter(1, customerId)
                .setParameter(2, idempotencyKey)
                .getSingleResult();
    if (!fingerprint.equals(claim[0])) {
      throw new IdempotencyKeyReused(idempotencyKey);
    }
    return orders.findById((UUID) claim[1]);
  }

  // PostgreSQL keeps microseconds: truncating here makes the API response, the event and a later
  // read agree to the digit.
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
