// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.report;

/**
 * INT drop-reason codes that switch-INT collectors already know, as carried in the v0.5 Drop
 * Report header and the v2.0 drop_reason metadata. Host drop reasons without an equivalent here
 * are sent as {@link #UNKNOWN}.
 */
public final class IntDropReason {

    public static final int UNKNOWN = 0;
    public static final int IP_VERSION_INVALID = 25;
    public static final int IP_TTL_ZERO = 26;
    public static final int ROUTING_MISS = 29;
    public static final int IP_HEADER_LENGTH_INVALID = 30;
    public static final int IP_CHECKSUM_INVALID = 31;
    public static final int PORT_VLAN_MAPPING_MISS = 55;
    public static final int TRAFFIC_MANAGER = 71;
    public static final int ACL_DENY = 80;
    public static final int BRIDGING_MISS = 89;
    public static final int IPV4_ROUTING_DROP = 170;
    public static final int IPV6_ROUTING_DROP = 171;
    // Calico-specific reasons used by the previous implementation.
    public static final int ENCAP_FAIL = 180;
    public static final int DECAP_FAIL = 181;
    public static final int CHECKSUM_FAIL = 182;
    public static final int IP_OPTIONS = 183;
    public static final int UNAUTHORIZED_SOURCE = 184;

    private IntDropReason() {
    }

    /** A short snake_case name for display, or "code_N" for a code outside the table. */
    public static String name(int code) {
        return switch (code) {
            case UNKNOWN -> "unknown";
            case IP_VERSION_INVALID -> "ip_version_invalid";
            case IP_TTL_ZERO -> "ip_ttl_zero";
            case ROUTING_MISS -> "routing_miss";
            case IP_HEADER_LENGTH_INVALID -> "ip_header_length_invalid";
            case IP_CHECKSUM_INVALID -> "ip_checksum_invalid";
            case PORT_VLAN_MAPPING_MISS -> "port_vlan_mapping_miss";
            case TRAFFIC_MANAGER -> "traffic_manager";
            case ACL_DENY -> "acl_deny";
            case BRIDGING_MISS -> "bridging_miss";
            case IPV4_ROUTING_DROP -> "ipv4_routing_drop";
            case IPV6_ROUTING_DROP -> "ipv6_routing_drop";
            case ENCAP_FAIL -> "encap_fail";
            case DECAP_FAIL -> "decap_fail";
            case CHECKSUM_FAIL -> "checksum_fail";
            case IP_OPTIONS -> "ip_options";
            case UNAUTHORIZED_SOURCE -> "unauthorized_source";
            default -> "code_" + code;
        };
    }
}
