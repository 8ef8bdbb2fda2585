package dev.onceflow.dashboard.scrape;

/** A relay instance found through {@code relay-instances}: active, standby, or unreachable. */
public record RelayInstance(String address, String state) {}
