package dev.onceflow.local.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** TCP ports on the loopback interface. */
public final class Ports {

  private Ports() {}

  /**
   * A port that was free a moment ago. Another process may still take it before the caller binds
   * it; the window is short enough for tests on one machine.
   */
  public static int free() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on the loopback interface", e);
    }
  }

  /** Port {@code requested}, or a free one when it is 0. */
  public static int orFree(int requested) {
    if (requested < 0 || requested > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + requested);
    }
    return requested == 0 ? free() : requested;
  }
}
