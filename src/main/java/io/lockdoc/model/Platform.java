package io.lockdoc.model;

/** The operating system a cause, an artifact or a knowledge-base article belongs to. */
public enum Platform {
    LINUX,
    WINDOWS,
    ANY
}
