package dev.onceflow.local.launcher;

/** Something the user must fix: printed as {@code onceflow: <message>}, exit status 1. */
final class LaunchFailure extends RuntimeException {

  LaunchFailure(String message) {
    super(message);
  }
}
