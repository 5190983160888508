package io.lockdoc.model;

/** A row of lockdep's "Possible unsafe locking scenario" table: on CPU {@code cpu}, {@code action(lockClass)}. */
public record ScenarioStep(int cpu, String action, String lockClass) {}
