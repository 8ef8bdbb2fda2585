package dev.onceflow.relay;

import java.util.List;

/**
 * The relay's configuration or its source database cannot work; start-up fails with this, naming
 * each offending key and how to fix it.
 */
public class RelayMisconfigured extends RuntimeException {

  private final List<String> problems;

  public RelayMisconfigured(List<String> problems) {
    super(
        "The outbox relay cannot start:"
            + System.lineSeparator()
            + "  - "
            + String.join(System.lineSeparator() + "  - ", problems));
    this.problems = List.copyOf(problems);
  }

  /** One line per problem, each starting with the configuration key it concerns. */
  public List<String> problems() {
    return problems;
  }
}
