package dev.onceflow.inbox.fulfillment;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * Rows bound column by column, each column one {@code text[]} parameter of {@code unnest(...)}: one
 * statement writes any number of rows, and the statement's text (hence its plan) never changes.
 *
 * @param <T> the row
 */
final class UnnestColumns<T> {

  private final List<Function<T, Object>> columns;

  @SafeVarargs
  UnnestColumns(Function<T, Object>... columns) {
    this.columns = List.of(columns);
  }

  /** {@code ?::text[], ?::text[], ...}, one per column: the arguments of {@code unnest}. */
  String parameters() {
    return String.join(", ", Collections.nCopies(columns.size(), "?::text[]"));
  }

  /**
   * Binds every column of {@code rows} from parameter {@code first} on; a null value stays null.
   */
  void bind(Connection connection, PreparedStatement statement, int first, List<T> rows)
      throws SQLException {
    for (int c = 0; c < columns.size(); c++) {
      Function<T, Object> column = columns.get(c);
      String[] values = new String[rows.size()];
      for (int r = 0; r < values.length; r++) {
        Object value = column.apply(rows.get(r));
        values[r] = value == null ? null : value.toString();
      }
      statement.setArray(first + c, connection.createArrayOf("text", values));
    }
  }
}
