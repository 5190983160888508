package io.lockdoc.model;

/** An immutable typed record a parser produced; every fact carries its evidence. */
public interface Fact {
    /** Unique within one analysis, e.g. {@code dmesg.log#2}. */
    String getId();

    Evidence getEvidence();
}
