// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.watchlist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether a file is a mount point of its own, as a Kubernetes {@code subPath} mount of one
 * ConfigMap key is: the kubelet updates a ConfigMap volume by swapping a symlink inside the
 * volume's directory, which a bind mount of the old file never sees, so such a watchlist
 * never changes.
 */
public final class MountInfo {
    private static final Path SELF = Path.of("/proc/self/mountinfo");

    private MountInfo() {
    }

    /** Whether {@code file} (symlinks resolved) is a mount point in this process's mount namespace. */
    public static boolean isFileMount(Path file) {
        try {
            return isMountPoint(Files.readAllLines(SELF), file.toRealPath());
        } catch (IOException e) {
            return false; // no /proc, or the file vanished: nothing to warn about
        }
    }

    /** The same against the lines of a mountinfo file (package-private for tests). */
    static boolean isMountPoint(List<String> mountinfo, Path file) {
        String wanted = file.toString();
        for (String line : mountinfo) {
            String[] fields = line.split(" ");
            // mountinfo(5): id, parent id, major:minor, root, mount point, ...
            if (fields.length > 4 && unescape(fields[4]).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    /** The kernel writes space, tab, newline and backslash in paths as \ooo octal escapes. */
    private static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()
                    && field.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
