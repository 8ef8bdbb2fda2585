package dev.onceflow.example.pages;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** The business row: how often a page was visited (written by {@link PageResource}). */
@Entity
public class Page {

  @Id public String id;

  public long visits;
}
