package dev.onceflow.order.domain;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Orders by id. */
@ApplicationScoped
class OrderRepository implements PanacheRepositoryBase<Order, UUID> {}
