package io.lockdoc.parse.windows;

import io.lockdoc.ingest.BoundedLineReader;
import io.lockdoc.model.Problem;
import io.lockdoc.parse.FactSink;
import io.lockdoc.parse.LinesReader;
import io.lockdoc.parse.Parser;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads a Process Monitor XML export ({@code <procmon><processlist/><eventlist><event>...}) with a
 * streaming StAX reader: one event's fields at a time; stacks ({@code <stack><frame>}) are skipped.
 */
public final class ProcmonXmlParser implements Parser {
    @Override
    public void parse(String artifact, BoundedLineReader lines, FactSink sink) throws IOException {
        ProcmonAggregator agg = new ProcmonAggregator(artifact, sink);
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XMLStreamReader x = null;
        int events = 0;
        try {
            x = f.createXMLStreamReader(new LinesReader(lines));
            Map<String, String> ev = null;
            int evLine = 0;
            int depth = 0;
            String field = null;
            StringBuilder text = new StringBuilder();
            while (x.hasNext()) {
                int t = x.next();
                if (t == XMLStreamReader.START_ELEMENT) {
                    String name = x.getLocalName();
                    if (name.equals("event")) {
                        ev = new HashMap<>();
                        evLine = x.getLocation().getLineNumber();
                        depth = 0;
                    } else if (ev != null) {
                        depth++;
                        if (depth == 1) {
                            field = name;
                            text.setLength(0);
                        }
                    }
                } else if ((t == XMLStreamReader.CHARACTERS || t == XMLStreamReader.CDATA) && field != null) {
                    if (text.length() < 4096) {
                        text.append(x.getText());
                    }
                } else if (t == XMLStreamReader.END_ELEMENT && ev != null) {
                    String name = x.getLocalName();
                    if (name.equals("event")) {
                        events++;
                        agg.accept(new ProcmonAggregator.Event(
                                evLine,
                                ev.get("Time_of_Day"),
                                ev.get("Process_Name"),
                                ev.get("PID"),
                                ev.get("Operation"),
                                ev.get("Path"),
                                ev.get("Result"),
                                ev.get("Process_Name") + " " + ev.get("Operation") + " " + ev.get("Path") + " "
                                        + ev.get("Result"),
                                ev.get("TID"),
                                ev.get("Duration"),
                                null));
                        ev = null;
                    } else {
                        if (depth == 1 && field != null) {
                            ev.put(field, text.toString().strip());
                            field = null;
                        }
                        depth--;
                    }
                }
            }
        } catch (XMLStreamException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNumber();
            sink.problem(new Problem(
                    Problem.ErrorId.TRUNCATED_REPORT,
                    artifact,
                    line,
                    "Procmon XML is not well-formed (" + e.getMessage().replaceAll("\\s+", " ") + "); the " + events
                            + " event(s) before it are kept"));
        } finally {
            if (x != null) {
                try {
                    x.close();
                } catch (XMLStreamException ignored) {
                    // nothing left to release
                }
            }
        }
        agg.finish();
    }
}
