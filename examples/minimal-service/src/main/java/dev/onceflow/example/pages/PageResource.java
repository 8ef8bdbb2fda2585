package dev.onceflow.example.pages;

import dev.onceflow.core.outbox.Outbox;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/**
 * Step 4 of docs/adopting.md: the business change and its event in one transaction. {@code POST
 * /pages/{page}/visits} counts a visit and records {@link PageVisited} in the outbox; both commit
 * or neither does, and nothing talks to Kafka here.
 */
@Path("/pages/{page}")
public class PageResource {

  // The row lock of the upsert numbers one page's visits 1, 2, 3… even under concurrent requests.
  private static final String COUNT_VISIT =
      "INSERT INTO page (id, visits) VALUES (?1, 1)"
          + " ON CONFLICT (id) DO UPDATE SET visits = page.visits + 1 RETURNING visits";

  private final EntityManager entityManager;
  private final Outbox outbox;

  PageResource(EntityManager entityManager, Outbox outbox) {
    this.entityManager = entityManager;
    this.outbox = outbox;
  }

  /** The page as written and as its events were applied. */
  public record PageView(String page, long visits, long views) {}

  @POST
  @Path("/visits")
  @Transactional
  public PageVisited visit(@PathParam("page") String page) {
    Number visit =
        (Number)
            entityManager.createNativeQuery(COUNT_VISIT).setParameter(1, page).getSingleResult();
    PageVisited event = new PageVisited(page, visit.longValue());
    outbox.record(event);
    return event;
  }

  @GET
  public PageView get(@PathParam("page") String page) {
    Page written = entityManager.find(Page.class, page);
    if (written == null) {
      throw new NotFoundException();
    }
    return new PageView(page, written.visits, PageViews.of(entityManager, page));
  }
}
