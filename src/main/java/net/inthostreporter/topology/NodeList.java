// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.topology;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The agents to ask: {@code URL} or {@code NAME=URL} per entry, from flags or from a file with
 * one entry per line ({@code #} comments, blank lines skipped).
 */
final class NodeList {
    /**
     * One agent.
     *
     * @param name the switch name to give it, or empty for {@code device:<node IP>}
     * @param api  its REST API, e.g. {@code http://10.0.0.11:4048}
     */
    record Entry(Optional<String> name, URI api) {
        URI topology() {
            return api.resolve("/api/v1/topology");
        }
    }

    private NodeList() {
    }

    /** One entry; the message of the exception says what is wrong. */
    static Entry entry(String text) {
        String trimmed = text.strip();
        int equals = trimmed.indexOf('=');
        int scheme = trimmed.indexOf("://");
        Optional<String> name = Optional.empty();
        String url = trimmed;
        if (equals > 0 && (scheme < 0 || equals < scheme)) {
            name = Optional.of(trimmed.substring(0, equals).strip());
            url = trimmed.substring(equals + 1).strip();
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + url + "' is not a URL: " + e.getReason());
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + url + "' is not an http:// or https:// URL with a host (e.g. http://10.0.0.11:4048)");
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
            throw new IllegalArgumentException("'" + url + "': give the agent's address only, without a path");
        }
        return new Entry(name, uri);
    }

    /** The entries of a file's lines; a bad line is reported as {@code LINE: reason}. */
    static List<Entry> parse(List<String> lines) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (content.isEmpty()) {
                continue;
            }
            try {
                entries.add(entry(content));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException((i + 1) + ": " + e.getMessage());
            }
        }
        return entries;
    }
}
