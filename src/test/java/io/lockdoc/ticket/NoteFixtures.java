package io.lockdoc.ticket;

import io.lockdoc.report.HostileResults;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** A ticket note whose every string comes from a source the test (or a fuzzer) chooses, in each markup. */
public final class NoteFixtures {
    private NoteFixtures() {}

    static Notes.Content content(HostileResults.Strings s, String command) {
        return new Notes.Content(
                s.next(),
                List.of(s.next(), "Culprit: " + s.next()),
                List.of(new Notes.Step(s.next(), command), new Notes.Step(s.next(), null)),
                List.of(new Notes.Question(s.next(), "cat /proc/locks"), new Notes.Question(s.next(), null)),
                List.of(s.next() + " (first " + s.next() + "), fixed with " + s.next()),
                s.next());
    }

    /** format -> note: {@code markdown}, {@code jira}, {@code html}, {@code servicenow}, {@code adf} (JSON). */
    public static Map<String, String> notes(HostileResults.Strings s, String command) {
        Notes.Content c = content(s, command);
        Map<String, String> out = new LinkedHashMap<>();
        out.put("markdown", Notes.markdown(c));
        out.put("jira", Notes.jiraWiki(c));
        out.put("html", Notes.html(c));
        out.put("servicenow", Notes.serviceNow(c));
        out.put("adf", JsonMapper.builder().build().writeValueAsString(Notes.adf(c)));
        return out;
    }
}
