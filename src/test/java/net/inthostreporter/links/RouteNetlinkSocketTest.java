// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.links;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteNetlinkSocketTest {
    @Test
    void parsesLinkTcAndDoneMessagesFromOneDatagram() {
        ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
        // RTM_NEWLINK, ifindex 7, IFLA_MTU then IFLA_IFNAME "lxc1"
        b.putInt(16 + 16 + 8 + 12).putShort((short) 16).putShort((short) 2).putInt(1).putInt(0);
        b.put((byte) 0).put((byte) 0).putShort((short) 1).putInt(7).putInt(0).putInt(0);
        b.putShort((short) 8).putShort((short) 4).putInt(1500);
        b.putShort((short) 9).putShort((short) 3).put("lxc1".getBytes()).put((byte) 0).put(new byte[3]);
        // RTM_DELTFILTER, ifindex 9, handle 1, parent ffff:fff2
        b.putInt(16 + 20).putShort((short) 45).putShort((short) 0).putInt(0).putInt(0);
        b.put((byte) 0).put((byte) 0).putShort((short) 0).putInt(9).putInt(1).putInt(0xfffffff2).putInt(0);
        // NLMSG_DONE
        b.putInt(20).putShort((short) 3).putShort((short) 2).putInt(1).putInt(0).putInt(0);
        MemorySegment data = MemorySegment.ofArray(java.util.Arrays.copyOf(b.array(), b.position()));
        assertEquals(List.of(
                new LinkEvent(LinkEvent.Kind.NEW, 7, "lxc1"),
                new TcChangeEvent(9, TcChangeEvent.Change.FILTER_DELETED, 1, 0xfffffff2),
                new RouteMessage.DumpDone(false)), RouteNetlinkSocket.parse(data));
    }
}
