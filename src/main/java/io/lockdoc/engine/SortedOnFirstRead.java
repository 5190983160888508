package io.lockdoc.engine;

import io.lockdoc.model.Fact;
import java.util.AbstractList;
import java.util.Comparator;
import java.util.List;

/**
 * The session's facts ordered by id, sorted only when an element is first read: most runs only
 * count them, and sorting the 400 000 facts of a large dump costs a second.
 */
final class SortedOnFirstRead extends AbstractList<Fact> {
    private final List<Fact> facts;
    private boolean sorted;

    SortedOnFirstRead(List<Fact> facts) {
        this.facts = facts;
    }

    @Override
    public synchronized Fact get(int index) {
        if (!sorted) {
            facts.sort(Comparator.comparing(Fact::getId));
            sorted = true;
        }
        return facts.get(index);
    }

    @Override
    public int size() {
        return facts.size();
    }
}
