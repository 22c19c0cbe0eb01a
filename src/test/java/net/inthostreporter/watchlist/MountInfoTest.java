// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.watchlist;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Lines as a container's /proc/self/mountinfo shows a subPath and a directory ConfigMap mount. */
class MountInfoTest {
    private static final List<String> MOUNTINFO = List.of(
            "1480 1390 0:402 / / rw,relatime master:443 - overlay overlay rw,lowerdir=/l,upperdir=/u,workdir=/w",
            "1497 1480 259:1 /var/lib/kubelet/pods/3f/volume-subpaths/watchlist/ihr/0 /etc/watchlist/watchlist.yaml "
                    + "ro,relatime - ext4 /dev/nvme0n1p1 rw",
            "1498 1480 0:390 / /etc/int-host-reporter/watchlist ro,relatime - tmpfs tmpfs rw,size=262144k",
            "1499 1480 0:391 / /etc/with\\040space/w.yaml ro,relatime - tmpfs tmpfs rw");

    @Test
    void aSubPathMountIsAMountPointOfItsOwn() {
        assertTrue(MountInfo.isMountPoint(MOUNTINFO, Path.of("/etc/watchlist/watchlist.yaml")));
    }

    @Test
    void aFileInAMountedDirectoryIsNot() {
        assertFalse(MountInfo.isMountPoint(MOUNTINFO, Path.of("/etc/int-host-reporter/watchlist/watchlist.yaml")));
    }

    @Test
    void octalEscapesAreDecoded() {
        assertTrue(MountInfo.isMountPoint(MOUNTINFO, Path.of("/etc/with space/w.yaml")));
        assertFalse(MountInfo.isMountPoint(MOUNTINFO, Path.of("/etc/with\\040space/w.yaml")));
    }
}
