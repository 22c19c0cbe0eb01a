// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

import java.util.HexFormat;

/** Test helper: hex text (spaces allowed) to bytes and back. */
public final class Hex {

    private Hex() {
    }

    public static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    public static String text(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
