// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.libbpf;

import java.util.List;
import java.util.Optional;

/** A struct as described by BTF: its size and members in declaration order. */
public record BtfStruct(String name, long size, List<Member> members) {
    /**
     * One member. {@code byteSize} is -1 when BTF cannot resolve it (e.g. a flexible array);
     * {@code bitfieldSize} is 0 for a plain member.
     */
    public record Member(String name, long bitOffset, long byteSize, int bitfieldSize) {
        /** Byte offset of a non-bitfield member. */
        public long byteOffset() {
            return bitOffset / 8;
        }
    }

    public BtfStruct {
        members = List.copyOf(members);
    }

    /** The member with this name (anonymous members have an empty name). */
    public Optional<Member> member(String memberName) {
        return members.stream().filter(m -> m.name().equals(memberName)).findFirst();
    }
}
