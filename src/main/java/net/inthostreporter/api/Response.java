// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.api;

import java.nio.charset.StandardCharsets;

/** A complete HTTP response, built before anything is sent (so a failure can still become a 500). */
public record Response(int status, String contentType, byte[] body) {
    public static Response text(int status, String contentType, String body) {
        return new Response(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }
}
