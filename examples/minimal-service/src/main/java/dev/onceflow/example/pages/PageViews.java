package dev.onceflow.example.pages;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onceflow.core.inbox.ConsumedEvent;
import dev.onceflow.core.inbox.EventEnvelope;
import dev.onceflow.core.inbox.InboxHandler;
import dev.onceflow.core.inbox.JsonPayload;
import dev.onceflow.core.inbox.fault.UnknownEventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.List;

/**
 * Step 5 of docs/adopting.md: the inbox handler, the service's whole share of consuming. Each
 * {@link PageVisited} adds one view to its page; the library calls {@link #apply} inside its
 * transaction, after recording the event ids, so a view is added once per event however often Kafka
 * delivers it, and in visit order per page.
 */
@ApplicationScoped
public class PageViews implements InboxHandler<PageVisited> {

  private static final String ADD_VIEW =
      "INSERT INTO page_views (page_id, views) VALUES (?1, 1)"
          + " ON CONFLICT (page_id) DO UPDATE SET views = page_views.views + 1";

  private static final String READ_VIEWS = "SELECT views FROM page_views WHERE page_id = ?1";

  private final ObjectMapper objectMapper;
  private final EntityManager entityManager;

  PageViews(ObjectMapper objectMapper, EntityManager entityManager) {
    this.objectMapper = objectMapper;
    this.entityManager = entityManager;
  }

  @Override
  public Decoded<PageVisited> decode(String eventType, int schemaVersion, EventEnvelope envelope) {
    if (!PageVisited.class.getSimpleName().equals(eventType)) {
      throw new UnknownEventType("this service reads PageVisited only, not " + eventType);
    }
    PageVisited event = JsonPayload.read(objectMapper, envelope.value(), PageVisited.class);
    return new Decoded<>(event.page(), event.visit(), event);
  }

  @Override
  public void apply(List<ConsumedEvent<PageVisited>> events) {
    for (ConsumedEvent<PageVisited> event : events) {
      entityManager
          .createNativeQuery(ADD_VIEW)
          .setParameter(1, event.aggregateId())
          .executeUpdate();
    }
  }

  /** The views applied for {@code page}, 0 before its first event. */
  static long of(EntityManager entityManager, String page) {
    List<?> views =
        entityManager.createNativeQuery(READ_VIEWS).setParameter(1, page).getResultList();
    return views.isEmpty() ? 0 : ((Number) views.get(0)).longValue();
  }
}
