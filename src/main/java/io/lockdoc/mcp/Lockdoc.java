package io.lockdoc.mcp;

import io.lockdoc.analysis.AnalysisResult;
import io.lockdoc.analysis.Analyzer;
import io.lockdoc.engine.Engine;
import io.lockdoc.explain.Explainer;
import io.lockdoc.ingest.Inputs;
import io.lockdoc.kb.KnowledgeBase;
import io.lockdoc.rulebase.RuleBase;
import java.util.List;

/**
 * The analysis the server's tools share: one rule base and knowledge base for the server's life. Calls are
 * serialised: a Drools session and the H2 connection are not for concurrent use, and a client waits anyway.
 */
public final class Lockdoc {
    private final RuleBase rules;
    private final KnowledgeBase kb;
    private final String historyUrl;
    private final Analyzer analyzer;

    /** @param historyUrl the JDBC URL of the ticket history, or null when there is none */
    public Lockdoc(RuleBase rules, KnowledgeBase kb, String historyUrl) {
        this.rules = rules;
        this.kb = kb;
        this.historyUrl = historyUrl;
        this.analyzer = new Analyzer(new Engine(rules), kb);
    }

    synchronized AnalysisResult analyze(List<Inputs.Entry> entries) {
        return analyzer.analyze(entries);
    }

    Explainer explainer() {
        return new Explainer(rules);
    }

    KnowledgeBase kb() {
        return kb;
    }

    String historyUrl() {
        return historyUrl;
    }
}
