package dev.onceflow.order.domain;

import dev.onceflow.contract.OutboxEvent;
import dev.onceflow.contract.order.OrderCancelled;
import dev.onceflow.contract.order.OrderPlaced;
import dev.onceflow.core.outbox.Outbox;
import dev.onceflow.core.outbox.TimeOrderedIds;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Places and cancels orders. Each change and the event describing it are written in one transaction
 * through the {@link Outbox}; nothing here talks to Kafka.
 *
 * <p>Every recorded event is also fired as a CDI event, so observers can act once the transaction
 * commits (metrics count only what was really written).
 */
@ApplicationScoped
public class OrderService {

  private static final String CLAIM_KEY =
      "INSERT INTO order_idempotency_key (idempotency_key, request_fingerprint, order_id,"
          + " created_at) VALUES (?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING";
  private static final String FIND_KEY =
      "SELECT request_fingerprint, order_id FROM order_idempotency_key WHERE idempotency_key = ?1";
  private static final Sort NEWEST_FIRST =
      Sort.by("createdAt", Sort.Direction.Descending).and("id", Sort.Direction.Descending);

  private final OrderRepository orders;
  private final Outbox outbox;
  private final Clock clock;
  private final Event<OutboxEvent> recorded;

  OrderService(OrderRepository orders, Outbox outbox, Clock clock, Event<OutboxEvent> recorded) {
    this.orders = orders;
    this.outbox = outbox;
    this.clock = clock;
    this.recorded = recorded;
  }

  /**
   * Stores a new order and its {@link OrderPlaced} event (sequence 1) in one transaction.
   *
   * <p>With an idempotency key, the key is claimed before anything else is written. A request whose
   * key is already claimed waits for the claiming transaction to end, then returns the order it
   * created without writing anything; had that transaction rolled back, the claim succeeds and this
   * request places the order instead.
   *
   * @param idempotencyKey the client's retry key, or {@code null}
   * @throws IdempotencyKeyReused if the key was claimed by a request for a different order
   */
  @Transactional
  public Placement place(NewOrder request, String idempotencyKey) {
    Instant now = now();
    UUID id = TimeOrderedIds.next(clock);
    if (idempotencyKey != null) {
      String fingerprint = request.fingerprint();
      if (claim(idempotencyKey, fingerprint, id, now) == 0) {
        return new Placement(earlierPlacement(idempotencyKey, fingerprint), false);
      }
    }
    Order order = Order.place(id, request.customerId(), request.currency(), request.lines(), now);
    orders.persist(order);
    orders.flush();
    record(
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
   * Cancels a placed order and records {@link OrderCancelled} with the order's next version as its
   * sequence. The row is locked first, so of two concurrent cancellations one wins and the other
   * sees the cancelled order.
   *
   * @param reason why, as the customer said; may be {@code null}
   * @throws OrderNotFound if there is no such order
   * @throws OrderAlreadyCancelled if it was cancelled before
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
    record(
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
   * A page of orders, newest first (ties broken by id, so paging is stable).
   *
   * @param customerId only this customer's orders, or {@code null} for all
   * @param status only orders in this status, or {@code null} for all
   * @param page zero-based page index
   * @param size orders per page, at least 1
   */
  public OrderListing list(String customerId, OrderStatus status, int page, int size) {
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
    PanacheQuery<Order> query =
        conditions.isEmpty()
            ? orders.findAll(NEWEST_FIRST)
            : orders.find(String.join(" and ", conditions), NEWEST_FIRST, parameters);
    List<Order> items = query.page(Page.of(page, size)).list();
    return new OrderListing(items, query.count());
  }

  // Plain JDBC on the transaction's connection: the claim involves no entity, and on the hot path
  // a native query would cost Hibernate's query machinery for one insert.
  private int claim(String idempotencyKey, String fingerprint, UUID orderId, Instant at) {
    return orders
        .getSession()
        .doReturningWork(
            connection -> {
              try (PreparedStatement statement = connection.prepareStatement(CLAIM_KEY)) {
                statement.setString(1, idempotencyKey);
                statement.setString(2, fingerprint);
                statement.setObject(3, orderId);
                statement.setTimestamp(4, Timestamp.from(at));
                return statement.executeUpdate();
              }
            });
  }

  private Order earlierPlacement(String idempotencyKey, String fingerprint) {
    Object[] claim =
        (Object[])
            orders
                .getEntityManager()
                .createNativeQuery(FIND_KEY)
                .setParameter(1, idempotencyKey)
                .getSingleResult();
    if (!fingerprint.equals(claim[0])) {
      throw new IdempotencyKeyReused(idempotencyKey);
    }
    return orders.findById((UUID) claim[1]);
  }

  private void record(OutboxEvent event) {
    outbox.record(event);
    recorded.fire(event);
  }

  // PostgreSQL keeps microseconds: truncating here makes the API response, the event and a later
  // read agree to the digit.
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
