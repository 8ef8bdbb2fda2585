package dev.onceflow.dashboard.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/** What the system test does and reads on the dashboard's page, in a real browser. */
final class DashboardPage {

  private DashboardPage() {}

  /** The hops of the processed journey in the timeline, read in one go (it is redrawn live). */
  @SuppressWarnings("unchecked")
  static List<String> hopsOfProcessedJourney(ChromeDriver browser) {
    return (List<String>)
        browser.executeScript(
            "return [...document.querySelectorAll(\"#timeline .journey[data-status='processed'] .hop\")]"
                + ".map(h => h.dataset.hop)");
  }

  /** The saga's step names, in order. */
  @SuppressWarnings("unchecked")
  static List<String> sagaSteps(ChromeDriver browser) {
    return (List<String>)
        browser.executeScript(
            "return [...document.querySelectorAll('#saga .saga-step')].map(s => s.dataset.step)");
  }

  /** The latency of each saga step after the first, as shown. */
  @SuppressWarnings("unchecked")
  static List<String> sagaLatencies(ChromeDriver browser) {
    return (List<String>)
        browser.executeScript(
            "return [...document.querySelectorAll('#saga .saga-step [data-field=latency]')]"
                + ".map(s => s.textContent)");
  }

  /** The ids of the pipeline graph's nodes. */
  @SuppressWarnings("unchecked")
  static List<String> graphNodes(ChromeDriver browser) {
    return (List<String>)
        browser.executeScript(
            "return [...document.querySelectorAll('#graph .node')].map(n => n.dataset.nodeId)");
  }

  /** Waits until the pipeline graph holds every one of {@code nodes} (it is derived live). */
  static void awaitGraphNodes(ChromeDriver browser, String... nodes) {
    await("the pipeline graph holds " + String.join(", ", nodes))
        .atMost(OneCommandDashboardIT.PATIENCE)
        .ignoreExceptions()
        .untilAsserted(() -> assertThat(graphNodes(browser)).contains(nodes));
  }

  static void search(ChromeDriver browser, String query) {
    WebElement box = browser.findElement(By.id("journey-search"));
    box.clear();
    box.sendKeys(query);
    WebElement button = browser.findElement(By.cssSelector("#search button"));
    // Scrolled down (to a dead letter's row, say), the browser brings the button into view at the
    // top edge, under the sticky header, which then takes the click.
    browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", button);
    button.click();
  }

  /** Clicks a dead letter's Replay button, once it can be clicked. */
  static void clickReplay(ChromeDriver browser, String eventId) {
    await("the Replay button of " + eventId + " is clicked")
        .atMost(OneCommandDashboardIT.PATIENCE)
        // The row may be redrawn meanwhile, and the previous replay's toast (6 s, fixed at the
        // bottom right) may cover the button where the browser scrolled it: try again.
        .ignoreExceptionsMatching(
            e ->
                e instanceof org.openqa.selenium.StaleElementReferenceException
                    || e instanceof org.openqa.selenium.ElementClickInterceptedException)
        .until(
            () -> {
              deadLetterRow(browser, eventId).findElement(By.cssSelector("button.replay")).click();
              return true;
            });
  }

  static WebElement deadLetterRow(ChromeDriver browser, String eventId) {
    return await("dead letter " + eventId + " is listed")
        .atMost(OneCommandDashboardIT.PATIENCE)
        .ignoreExceptions()
        .until(
            () ->
                browser.findElement(
                    By.cssSelector("#dead-letters tr[data-event-id='" + eventId + "']")),
            e -> e != null);
  }
}
