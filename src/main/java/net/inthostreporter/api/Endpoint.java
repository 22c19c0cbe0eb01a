// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.api;

import com.sun.net.httpserver.Headers;

/** One read-only resource: answers a GET (the server derives HEAD from it). */
@FunctionalInterface
public interface Endpoint {
    Response get(Headers requestHeaders) throws Exception;
}
