package io.lockdoc.parse;

import io.lockdoc.model.Fact;
import io.lockdoc.model.Problem;

/** Where a parser puts what it read: facts, and problems with their location. */
public interface FactSink {
    void fact(Fact fact);

    void problem(Problem problem);
}
