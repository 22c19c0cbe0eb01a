-- SPDX-License-Identifier: Apache-2.0
--
-- Wireshark/tshark dissector for INT Telemetry Reports as INT Host Reporter (and INT switches)
-- send them: Telemetry Report v0.5 (fixed header, Switch Local / Drop Report header, inner
-- Ethernet frame) and v2.0 (group header, individual reports, RepMdBits metadata, INT Host
-- Reporter's domain-specific extension 0x4948, inner frame by InType). The version nibble of the
-- first byte decides which layout is read, so v2.0 is never misread as v0.5.
--
-- Install: copy into ~/.local/lib/wireshark/plugins/ (or run tshark -X lua_script:int_report.lua).
-- Field names and preferences: see README.md next to this file.

local int_report = Proto("int_report", "INT Telemetry Report")

local DEFAULT_PORT = 32766
local DS_ID_IH = 0x4948 -- INT Host Reporter's Domain Specific ID ("IH")
local SEQ_MODULUS_V2 = 4194304 -- 2^22

---------------------------------------------------------------------------------------------
-- Value strings
---------------------------------------------------------------------------------------------
local version_names = { [0] = "v0.5", [1] = "v1.0", [2] = "v2.0" }
local nproto_names = { [0] = "Ethernet", [1] = "Drop Report", [2] = "Switch Local Report" }
local rep_type_names = { [0] = "Inner only", [1] = "INT", [2] = "IOAM" }
local in_type_names = {
    [0] = "None", [1] = "TLV", [2] = "Domain-specific extension data",
    [3] = "Ethernet", [4] = "IPv4", [5] = "IPv6",
}
-- Codes switch-INT collectors know (docs/int-report-formats.md) plus the previous
-- implementation's Calico-specific ones.
local drop_reason_names = {
    [0] = "Unknown", [25] = "IP version invalid", [26] = "IP TTL zero / expired",
    [29] = "Routing miss (no route)", [30] = "IP header length invalid", [31] = "IP checksum invalid",
    [55] = "Port/VLAN mapping miss", [71] = "Traffic manager (queue full)", [80] = "ACL deny",
    [89] = "Bridging miss", [170] = "IPv4 routing drop", [171] = "IPv6 routing drop",
    [180] = "Calico: encapsulation failure", [181] = "Calico: decapsulation failure",
    [182] = "Calico: checksum failure", [183] = "Calico: IP options", [184] = "Calico: unauthorized source",
}
local ds_id_names = { [0] = "None", [DS_ID_IH] = "INT Host Reporter (IH)" }
local ip_proto_names = { [1] = "ICMP", [6] = "TCP", [17] = "UDP", [58] = "ICMPv6" }

---------------------------------------------------------------------------------------------
-- Fields. Several are registered twice under one name (same meaning, different place in v0.5
-- and v2.0), so that one filter such as int_report.seq works for both versions.
---------------------------------------------------------------------------------------------
local f = {
    -- subtrees (FT_NONE, so that filters and JSON output can name them)
    fixed_header = ProtoField.none("int_report.fixed_header", "Fixed header"),
    local_header = ProtoField.none("int_report.switch_local", "Switch Local Report header"),
    drop_header = ProtoField.none("int_report.drop", "Drop Report header"),
    group = ProtoField.none("int_report.group", "Telemetry Report Group header"),
    report = ProtoField.none("int_report.report", "Individual Report"),
    metadata = ProtoField.none("int_report.metadata", "Metadata"),
    ingress_tuple = ProtoField.none("int_report.ingress", "Ingress tuple"),
    version = ProtoField.uint8("int_report.version", "Version", base.DEC, version_names, 0xF0),
    -- v0.5 fixed header
    nproto = ProtoField.uint8("int_report.nproto", "NProto", base.DEC, nproto_names, 0x0F),
    flags = ProtoField.uint8("int_report.flags", "Flags", base.HEX),
    dropped = ProtoField.bool("int_report.dropped", "Dropped (D)", 8, nil, 0x80),
    congested = ProtoField.bool("int_report.congested", "Congested queue (Q)", 8, nil, 0x40),
    tracked_flow = ProtoField.bool("int_report.tracked_flow", "Tracked flow (F)", 8, nil, 0x20),
    intermediate = ProtoField.bool("int_report.intermediate", "Intermediate report (I)", 8, nil, 0x10),
    hw_id = ProtoField.uint8("int_report.hw_id", "hw_id", base.DEC, nil, 0x3F),
    hw_id_v2 = ProtoField.uint16("int_report.hw_id", "hw_id", base.DEC, nil, 0x0FC0),
    seq = ProtoField.uint32("int_report.seq", "Sequence number", base.DEC),
    seq_v2 = ProtoField.uint32("int_report.seq", "Sequence number", base.DEC, nil, 0x003FFFFF),
    report_seq = ProtoField.uint32("int_report.report_seq", "Report sequence number", base.DEC, nil, nil,
        "Group sequence number + position of the report in the datagram (mod 2^22)"),
    switch_id = ProtoField.uint32("int_report.switch_id", "Switch ID", base.DEC),
    ingress_ts = ProtoField.uint64("int_report.ingress_ts", "Ingress timestamp (ns)", base.DEC),
    egress_ts = ProtoField.uint64("int_report.egress_ts", "Egress timestamp (ns)", base.DEC),
    ingress_port = ProtoField.uint16("int_report.ingress_port", "Ingress port", base.DEC),
    egress_port = ProtoField.uint16("int_report.egress_port", "Egress port", base.DEC),
    queue_id = ProtoField.uint8("int_report.queue_id", "Queue ID", base.DEC),
    queue_occupancy = ProtoField.uint24("int_report.queue_occupancy", "Queue occupancy", base.DEC),
    drop_reason = ProtoField.uint8("int_report.drop_reason", "Drop reason", base.DEC, drop_reason_names),
    pad = ProtoField.bytes("int_report.pad", "Padding"),
    hop_latency = ProtoField.uint32("int_report.hop_latency", "Hop latency (ns)", base.DEC),
    -- v2.0 individual report
    reports = ProtoField.uint32("int_report.reports", "Reports in datagram", base.DEC),
    rep_type = ProtoField.uint8("int_report.rep_type", "RepType", base.DEC, rep_type_names, 0xF0),
    in_type = ProtoField.uint8("int_report.in_type", "InType", base.DEC, in_type_names, 0x0F),
    report_length = ProtoField.uint8("int_report.report_length", "Report Length (words)", base.DEC),
    md_length = ProtoField.uint8("int_report.md_length", "MD Length (words)", base.DEC),
    rep_md_bits = ProtoField.uint16("int_report.rep_md_bits", "RepMdBits", base.HEX),
    ds_id = ProtoField.uint16("int_report.ds_id", "Domain Specific ID", base.HEX, ds_id_names),
    ds_md_bits = ProtoField.uint16("int_report.ds_md_bits", "DSMdBits", base.HEX),
    ds_md_status = ProtoField.uint16("int_report.ds_md_status", "DSMdStatus", base.HEX),
    l2_ingress_port = ProtoField.uint32("int_report.l2_ingress_port", "Level-2 ingress interface", base.DEC),
    l2_egress_port = ProtoField.uint32("int_report.l2_egress_port", "Level-2 egress interface", base.DEC),
    tx_utilization = ProtoField.uint32("int_report.tx_utilization", "Egress interface tx utilization", base.DEC),
    buffer_id = ProtoField.uint8("int_report.buffer_id", "Buffer ID", base.DEC),
    buffer_occupancy = ProtoField.uint24("int_report.buffer_occupancy", "Buffer occupancy", base.DEC),
    -- INT Host Reporter extension (Domain Specific ID 0x4948)
    flow_id = ProtoField.uint32("int_report.flow_id", "Flow ID", base.HEX),
    ingress_src = ProtoField.ipv4("int_report.ingress.src", "Ingress source"),
    ingress_dst = ProtoField.ipv4("int_report.ingress.dst", "Ingress destination"),
    ingress_src6 = ProtoField.ipv6("int_report.ingress.src6", "Ingress source"),
    ingress_dst6 = ProtoField.ipv6("int_report.ingress.dst6", "Ingress destination"),
    ingress_src_port = ProtoField.uint16("int_report.ingress.src_port", "Ingress source port", base.DEC),
    ingress_dst_port = ProtoField.uint16("int_report.ingress.dst_port", "Ingress destination port", base.DEC),
    ingress_protocol = ProtoField.uint8("int_report.ingress.protocol", "Ingress protocol", base.DEC, ip_proto_names),
    ingress_reserved = ProtoField.bytes("int_report.ingress.reserved", "Reserved"),
    ds_metadata = ProtoField.bytes("int_report.ds_metadata", "Domain-specific metadata"),
    undecoded = ProtoField.bytes("int_report.undecoded", "Undecoded metadata"),
    inner = ProtoField.bytes("int_report.inner", "Inner contents"),
}

-- RepMdBits: mask, name, size in bytes; the metadata appear in this order.
local REP_MD = {
    { 0x4000, "Level-1 ingress + egress interface", 4 },
    { 0x2000, "Hop latency", 4 },
    { 0x1000, "Queue ID + occupancy", 4 },
    { 0x0800, "Ingress timestamp", 8 },
    { 0x0400, "Egress timestamp", 8 },
    { 0x0200, "Level-2 ingress + egress interface", 8 },
    { 0x0100, "Egress interface tx utilization", 4 },
    { 0x0080, "Buffer ID + occupancy", 4 },
    { 0x0001, "Queue ID + drop reason", 4 },
}
local REP_MD_KNOWN = 0x7F81
local rep_md_flag_fields = {}
for _, md in ipairs(REP_MD) do
    local field = ProtoField.bool(string.format("int_report.rep_md_bits.%04x", md[1]), md[2], 16, nil, md[1])
    rep_md_flag_fields[#rep_md_flag_fields + 1] = field
    f["rep_md_" .. md[1]] = field
end

-- DSMdBits of our extension.
local DS_MD = {
    { 0x8000, "Flow ID", 4 },
    { 0x4000, "IPv4 ingress tuple", 16 },
    { 0x2000, "IPv6 ingress tuple", 40 },
}
local DS_MD_KNOWN = 0xE000
local ds_md_flag_fields = {}
for _, md in ipairs(DS_MD) do
    local field = ProtoField.bool(string.format("int_report.ds_md_bits.%04x", md[1]), md[2], 16, nil, md[1])
    ds_md_flag_fields[#ds_md_flag_fields + 1] = field
    f["ds_md_" .. md[1]] = field
end

local field_list = {}
for _, field in pairs(f) do
    field_list[#field_list + 1] = field
end
int_report.fields = field_list

local ef = {
    malformed = ProtoExpert.new("int_report.malformed", "Malformed INT report",
        expert.group.MALFORMED, expert.severity.ERROR),
    md_mismatch = ProtoExpert.new("int_report.md_length_mismatch",
        "MD Length does not match the metadata the bitmaps select", expert.group.MALFORMED, expert.severity.ERROR),
    unknown_version = ProtoExpert.new("int_report.unknown_version", "Unknown Telemetry Report version",
        expert.group.PROTOCOL, expert.severity.WARN),
    undecoded = ProtoExpert.new("int_report.undecoded", "Part of the report is not decoded",
        expert.group.UNDECODED, expert.severity.NOTE),
    inner_error = ProtoExpert.new("int_report.inner_error", "Inner frame could not be dissected",
        expert.group.MALFORMED, expert.severity.WARN),
    gso = ProtoExpert.new("int_report.gso", "Several datagrams in one UDP GSO packet",
        expert.group.PROTOCOL, expert.severity.NOTE),
}
int_report.experts = { ef.malformed, ef.md_mismatch, ef.unknown_version, ef.undecoded, ef.inner_error, ef.gso }

int_report.prefs.udp_port = Pref.uint("UDP port", DEFAULT_PORT,
    "UDP port the INT collector receives Telemetry Reports on (0: none; Decode As still works)")
int_report.prefs.split_gso = Pref.bool("Split UDP GSO packets", true,
    "Captured on the sending host, one UDP packet may hold several datagrams (segmentation offload): "
    .. "split it where the next datagram's header continues the sequence")

local eth_dissector = Dissector.get("eth_withoutfcs")
local ipv4_dissector = Dissector.get("ip")
local ipv6_dissector = Dissector.get("ipv6")

---------------------------------------------------------------------------------------------
-- Helpers
---------------------------------------------------------------------------------------------
local function dotted(value)
    return string.format("%d.%d.%d.%d", math.floor(value / 16777216) % 256, math.floor(value / 65536) % 256,
        math.floor(value / 256) % 256, value % 256)
end

local function add_switch_id(tree, range)
    local item = tree:add(f.switch_id, range)
    item:append_text(" (" .. dotted(range:uint()) .. ")")
    return range:uint()
end

-- Hands the inner contents to another dissector; an exception there is reported on our item
-- instead of aborting the rest of the datagram (later reports of a v2.0 group still show).
local inner_depth = 0 -- > 0 while an inner frame is being dissected (see the entry point)

local function call_inner(dissector, tvb, pinfo, tree, item)
    inner_depth = inner_depth + 1
    local ok, err = pcall(function() dissector:call(tvb, pinfo, tree) end)
    inner_depth = inner_depth - 1
    if not ok then
        item:add_proto_expert_info(ef.inner_error, "Inner frame: " .. tostring(err))
    end
end

-- False, with expert info, when the datagram is shorter than its first header.
local function has_length(tvb, root, need, header)
    if tvb:len() >= need then
        return true
    end
    root:add_proto_expert_info(ef.malformed,
        string.format("%s needs %d bytes, the datagram has %d", header, need, tvb:len()))
    return false
end

local function add_flags(tree, range, with_intermediate)
    local item = tree:add(f.flags, range)
    item:add(f.dropped, range)
    item:add(f.congested, range)
    item:add(f.tracked_flow, range)
    if with_intermediate then
        item:add(f.intermediate, range)
    end
end

---------------------------------------------------------------------------------------------
-- Telemetry Report v0.5
---------------------------------------------------------------------------------------------
local function dissect_v05(tvb, pinfo, root)
    local length = tvb:len()
    if not has_length(tvb, root, 12, "v0.5 fixed header") then
        return "v0.5 truncated"
    end
    local header = root:add(f.fixed_header, tvb(0, 12))
    header:add(f.version, tvb(0, 1))
    header:add(f.nproto, tvb(0, 1))
    add_flags(header, tvb(1, 1), false)
    header:add(f.hw_id, tvb(3, 1))
    header:add(f.seq, tvb(4, 4))
    header:add(f.ingress_ts, tvb(8, 4))
    local nproto = tvb(0, 1):bitfield(4, 4)
    local seq = tvb(4, 4):uint()
    local offset = 12
    local summary

    if nproto == 2 or nproto == 1 then
        local size = (nproto == 2) and 16 or 12
        local name = (nproto == 2) and "Switch Local Report header" or "Drop Report header"
        if length < offset + size then
            root:add_proto_expert_info(ef.malformed, string.format("%s needs %d bytes, only %d follow the fixed header",
                name, size, length - offset))
            return string.format("v0.5 seq=%d truncated", seq)
        end
        local sub = root:add((nproto == 2) and f.local_header or f.drop_header, tvb(offset, size))
        local switch_id = add_switch_id(sub, tvb(offset, 4))
        sub:add(f.ingress_port, tvb(offset + 4, 2))
        sub:add(f.egress_port, tvb(offset + 6, 2))
        sub:add(f.queue_id, tvb(offset + 8, 1))
        local ports = string.format("in=%d out=%d", tvb(offset + 4, 2):uint(), tvb(offset + 6, 2):uint())
        if nproto == 2 then
            sub:add(f.queue_occupancy, tvb(offset + 9, 3))
            sub:add(f.egress_ts, tvb(offset + 12, 4))
            -- v0.5 carries no latency field: it is egress - ingress on the low 32 bits (mod 2^32).
            local latency = (tvb(offset + 12, 4):uint() - tvb(8, 4):uint()) % 4294967296
            sub:add(f.hop_latency, tvb(offset + 12, 4), latency):set_generated()
            summary = string.format("v0.5 flow sw=%s seq=%d %s lat=%dns", dotted(switch_id), seq, ports, latency)
        else
            sub:add(f.drop_reason, tvb(offset + 9, 1))
            sub:add(f.pad, tvb(offset + 10, 2))
            summary = string.format("v0.5 drop sw=%s seq=%d %s reason=%d", dotted(switch_id), seq, ports,
                tvb(offset + 9, 1):uint())
        end
        offset = offset + size
    elseif nproto == 0 then
        summary = string.format("v0.5 seq=%d", seq)
    else
        root:add_proto_expert_info(ef.undecoded, string.format("NProto %d is not defined by v0.5", nproto))
        if length > offset then
            root:add(f.inner, tvb(offset))
        end
        return string.format("v0.5 seq=%d NProto=%d", seq, nproto)
    end

    if length > offset then
        call_inner(eth_dissector, tvb(offset):tvb(), pinfo, root, root)
    end
    return summary
end

---------------------------------------------------------------------------------------------
-- Telemetry Report v2.0
---------------------------------------------------------------------------------------------

-- Walks the metadata a bitmap selects (layout: { mask, name, size } in wire order) from offset,
-- staying before md_end; decode(mask, range) adds each field. Returns the offset after the last
-- field and whether everything selected fitted.
local function walk_md(tvb, tree, layout, bitmap_name, bits, offset, md_end, decode)
    for _, md in ipairs(layout) do
        local mask, name, size = md[1], md[2], md[3]
        if bit.band(bits, mask) ~= 0 then
            if offset + size > md_end then
                tree:add_proto_expert_info(ef.md_mismatch, string.format(
                    "%s (%d bytes) selected by %s does not fit in MD Length", name, size, bitmap_name))
                return offset, false
            end
            decode(mask, tvb(offset, size), name)
            offset = offset + size
        end
    end
    return offset, true
end

-- Baseline metadata selected by RepMdBits.
local function dissect_baseline_md(tvb, tree, bits, offset, md_end, report)
    return walk_md(tvb, tree, REP_MD, "RepMdBits", bits, offset, md_end, function(mask, r)
        if mask == 0x4000 then
            tree:add(f.ingress_port, r(0, 2))
            tree:add(f.egress_port, r(2, 2))
            report.ports = string.format("in=%d out=%d", r(0, 2):uint(), r(2, 2):uint())
        elseif mask == 0x2000 then
            tree:add(f.hop_latency, r)
            report.latency = r:uint()
        elseif mask == 0x1000 then
            tree:add(f.queue_id, r(0, 1))
            tree:add(f.queue_occupancy, r(1, 3))
        elseif mask == 0x0800 then
            tree:add(f.ingress_ts, r)
        elseif mask == 0x0400 then
            tree:add(f.egress_ts, r)
        elseif mask == 0x0200 then
            tree:add(f.l2_ingress_port, r(0, 4))
            tree:add(f.l2_egress_port, r(4, 4))
        elseif mask == 0x0100 then
            tree:add(f.tx_utilization, r)
        elseif mask == 0x0080 then
            tree:add(f.buffer_id, r(0, 1))
            tree:add(f.buffer_occupancy, r(1, 3))
        elseif mask == 0x0001 then
            tree:add(f.queue_id, r(0, 1))
            tree:add(f.drop_reason, r(1, 1))
            tree:add(f.pad, r(2, 2))
            report.drop_reason = r(1, 1):uint()
        end
    end)
end

-- Our extension's metadata (DSMdBits under Domain Specific ID 0x4948).
local function dissect_ih_md(tvb, tree, bits, offset, md_end, report)
    return walk_md(tvb, tree, DS_MD, "DSMdBits", bits, offset, md_end, function(mask, r, name)
        if mask == 0x8000 then
            tree:add(f.flow_id, r)
            report.flow_id = r:uint()
            return
        end
        local v4 = mask == 0x4000
        local address = v4 and 4 or 16
        local t = tree:add(f.ingress_tuple, r)
        t:set_text(name)
        t:add(v4 and f.ingress_src or f.ingress_src6, r(0, address))
        t:add(v4 and f.ingress_dst or f.ingress_dst6, r(address, address))
        t:add(f.ingress_src_port, r(2 * address, 2))
        t:add(f.ingress_dst_port, r(2 * address + 2, 2))
        t:add(f.ingress_protocol, r(2 * address + 4, 1))
        t:add(f.ingress_reserved, r(2 * address + 5, 3))
    end)
end

local function add_bitmap(tree, field, flag_fields, range)
    local item = tree:add(field, range)
    for _, flag in ipairs(flag_fields) do
        item:add(flag, range)
    end
    return item
end

-- One individual report occupying tvb(offset, size). Returns a short summary for the Info column.
local function dissect_individual(tvb, pinfo, root, offset, size, index, seq)
    local item = root:add(f.report, tvb(offset, size))
    item:set_text(string.format("Individual Report %d, seq %d", index, seq))
    local rep_type = tvb(offset, 1):bitfield(0, 4)
    local in_type = tvb(offset, 1):bitfield(4, 4)
    local report_words = tvb(offset + 1, 1):uint()
    local md_words = tvb(offset + 2, 1):uint()
    item:add(f.report_seq, tvb(offset, 4), seq):set_generated()
    item:add(f.rep_type, tvb(offset, 1))
    item:add(f.in_type, tvb(offset, 1))
    local length_item = item:add(f.report_length, tvb(offset + 1, 1))
    if report_words == 0xFF then
        length_item:append_text(" (to the end of the datagram)")
    end
    item:add(f.md_length, tvb(offset + 2, 1))
    add_flags(item, tvb(offset + 3, 1), true)
    local report = {}
    local finish = offset + size
    local inner_offset

    if rep_type == 1 then
        if size < 12 then
            item:add_proto_expert_info(ef.malformed, string.format(
                "an INT report needs 8 bytes of main contents, Report Length leaves %d", size - 4))
            return "malformed"
        end
        local rep_bits = tvb(offset + 4, 2):uint()
        local ds_id = tvb(offset + 6, 2):uint()
        local ds_bits = tvb(offset + 8, 2):uint()
        add_bitmap(item, f.rep_md_bits, rep_md_flag_fields, tvb(offset + 4, 2))
        item:add(f.ds_id, tvb(offset + 6, 2))
        if ds_id == DS_ID_IH then
            add_bitmap(item, f.ds_md_bits, ds_md_flag_fields, tvb(offset + 8, 2))
        else
            item:add(f.ds_md_bits, tvb(offset + 8, 2))
        end
        item:add(f.ds_md_status, tvb(offset + 10, 2))
        local md_start = offset + 12
        local md_end = md_start + md_words * 4
        if md_end > finish then
            item:add_proto_expert_info(ef.malformed, string.format(
                "MD Length %d words exceeds the %d words Report Length leaves after the main contents",
                md_words, (finish - md_start) / 4))
            md_end = finish
        end
        local md_tree = item:add(f.metadata, tvb(md_start, md_end - md_start))
        md_tree:set_text(string.format("Metadata (%d bytes)", md_end - md_start))
        local cursor, complete = dissect_baseline_md(tvb, md_tree, rep_bits, md_start, md_end, report)
        if complete and bit.band(rep_bits, bit.bnot(REP_MD_KNOWN)) ~= 0 then
            md_tree:add_proto_expert_info(ef.undecoded, string.format(
                "RepMdBits 0x%04x selects metadata of unknown size: the rest of the metadata is not decoded",
                bit.band(rep_bits, bit.bnot(REP_MD_KNOWN))))
            complete = false
        end
        if complete and ds_id == DS_ID_IH then
            cursor, complete = dissect_ih_md(tvb, md_tree, ds_bits, cursor, md_end, report)
            if complete and bit.band(ds_bits, bit.bnot(DS_MD_KNOWN)) % 65536 ~= 0 then
                md_tree:add_proto_expert_info(ef.undecoded, string.format(
                    "DSMdBits 0x%04x are not defined by the 0x4948 extension",
                    bit.band(ds_bits, bit.bnot(DS_MD_KNOWN)) % 65536))
                complete = false
            end
        elseif complete and ds_id ~= 0 and cursor < md_end then
            md_tree:add(f.ds_metadata, tvb(cursor, md_end - cursor))
            cursor = md_end
        end
        if cursor < md_end then
            if complete then
                md_tree:add_proto_expert_info(ef.md_mismatch, string.format(
                    "MD Length is %d bytes, the bitmaps select %d", md_end - md_start, cursor - md_start))
            end
            md_tree:add(f.undecoded, tvb(cursor, md_end - cursor))
        end
        inner_offset = md_end
    elseif rep_type == 0 then
        inner_offset = offset + 4
    else
        item:add_proto_expert_info(ef.undecoded, string.format("RepType %d is not decoded", rep_type))
        if size > 4 then
            item:add(f.inner, tvb(offset + 4, size - 4))
        end
        return string.format("RepType %d", rep_type)
    end

    local inner_size = finish - inner_offset
    if inner_size > 0 then
        local inner = tvb(inner_offset, inner_size)
        if in_type == 3 then
            call_inner(eth_dissector, inner:tvb(), pinfo, item, item)
        elseif in_type == 4 then
            call_inner(ipv4_dissector, inner:tvb(), pinfo, item, item)
        elseif in_type == 5 then
            call_inner(ipv6_dissector, inner:tvb(), pinfo, item, item)
        else
            item:add(f.inner, inner)
            if in_type == 0 then
                item:add_proto_expert_info(ef.malformed, string.format(
                    "InType 0 (none) but %d bytes of inner contents", inner_size))
            end
        end
    end

    local kind = tvb(offset + 3, 1):bitfield(0, 1) == 1 and "drop" or "flow"
    local parts = { kind, "seq=" .. seq }
    if report.ports then parts[#parts + 1] = report.ports end
    if report.latency then parts[#parts + 1] = "lat=" .. report.latency .. "ns" end
    if report.drop_reason then parts[#parts + 1] = "reason=" .. report.drop_reason end
    if report.flow_id then parts[#parts + 1] = string.format("flow=0x%08x", report.flow_id) end
    return table.concat(parts, " ")
end

local function dissect_v2(tvb, pinfo, root)
    local length = tvb:len()
    if not has_length(tvb, root, 8, "v2.0 group header") then
        return "v2.0 truncated"
    end
    local group = root:add(f.group, tvb(0, 8))
    group:add(f.version, tvb(0, 1))
    group:add(f.hw_id_v2, tvb(0, 2))
    group:add(f.seq_v2, tvb(0, 4))
    local switch_id = add_switch_id(group, tvb(4, 4))
    local group_seq = tvb(0, 4):bitfield(10, 22)

    local offset = 8
    local count = 0
    local summaries = {}
    while offset < length do
        local left = length - offset
        if left < 4 then
            root:add_proto_expert_info(ef.malformed, string.format(
                "%d bytes after the last report, fewer than an individual report header", left))
            break
        end
        local words = tvb(offset + 1, 1):uint()
        local size = (words == 0xFF) and left or 4 + 4 * words
        local truncated = size > left
        if truncated then
            size = left
        end
        local seq = (group_seq + count) % SEQ_MODULUS_V2
        count = count + 1
        summaries[#summaries + 1] = dissect_individual(tvb, pinfo, root, offset, size, count, seq)
        if truncated then
            root:add_proto_expert_info(ef.malformed, string.format(
                "Report %d: Report Length %d words (%d bytes) exceeds the %d bytes left in the datagram",
                count, words, 4 + 4 * words, left))
        end
        offset = offset + size
    end
    group:add(f.reports, tvb(0, 0), count):set_generated()
    if count == 0 then
        root:add_proto_expert_info(ef.malformed, "group header without any individual report")
    end
    if count == 0 then
        return string.format("v2.0 sw=%s no reports", dotted(switch_id))
    end
    if count == 1 then
        return string.format("v2.0 sw=%s %s", dotted(switch_id), summaries[1])
    end
    return string.format("v2.0 sw=%s %d reports seq=%d..%d", dotted(switch_id), count, group_seq,
        (group_seq + math.max(count - 1, 0)) % SEQ_MODULUS_V2)
end

---------------------------------------------------------------------------------------------
-- UDP GSO super-packets. A sender using UDP segmentation offload (as INT Host Reporter does for
-- runs of equal-size datagrams) hands the kernel one packet that is cut into datagrams only
-- after a capture on the sending host saw it: the capture shows one UDP payload holding several
-- datagrams, and the segment size is nowhere on the wire. A datagram ends where the next one's
-- header continues the stream: same version, hw_id and switch id, and the next sequence number.
---------------------------------------------------------------------------------------------
local function u32(bytes, at)
    return ((bytes:get_index(at) * 256 + bytes:get_index(at + 1)) * 256 + bytes:get_index(at + 2)) * 256
        + bytes:get_index(at + 3)
end

-- Offset of the v2.0 datagram after the one starting at `from`, or nil.
local function next_v2_datagram(bytes, from, length)
    if from + 8 > length then
        return nil
    end
    local first = u32(bytes, from)
    local node = u32(bytes, from + 4)
    local hw_bits = math.floor(first / SEQ_MODULUS_V2) -- version and hw_id: the top 10 bits
    local seq = first % SEQ_MODULUS_V2
    local offset, count = from + 8, 0
    while offset + 4 <= length do
        if offset + 8 <= length then
            local word = u32(bytes, offset)
            if math.floor(word / SEQ_MODULUS_V2) == hw_bits and word % SEQ_MODULUS_V2 == (seq + count) % SEQ_MODULUS_V2
                    and u32(bytes, offset + 4) == node then
                return offset
            end
        end
        local words = bytes:get_index(offset + 1)
        if words == 0xFF then
            return nil
        end
        offset = offset + 4 + 4 * words
        count = count + 1
    end
    return nil
end

-- Offset of the v0.5 report after the one starting at `from`, or nil; `hint` is the size of
-- the previous one (segments of one super-packet are equal), tried first.
local function next_v05_datagram(bytes, from, length, hint)
    if from + 16 > length then
        return nil
    end
    local hw_id = bytes:get_index(from + 3) % 64
    local next_seq = (u32(bytes, from + 4) + 1) % 4294967296
    local switch_id = u32(bytes, from + 12)
    local function starts_here(at)
        local b0 = bytes:get_index(at)
        return (b0 == 0x01 or b0 == 0x02) and bytes:get_index(at + 3) % 64 == hw_id
            and u32(bytes, at + 4) == next_seq and u32(bytes, at + 12) == switch_id
    end
    if hint and from + hint + 16 <= length and starts_here(from + hint) then
        return from + hint
    end
    for at = from + 24, length - 16 do -- 24: fixed header + the shorter (Drop Report) header
        if starts_here(at) then
            return at
        end
    end
    return nil
end

-- The datagrams in one UDP payload: { offset, size } each; one unless GSO glued several.
local function split_datagrams(tvb)
    local length = tvb:len()
    if not int_report.prefs.split_gso or length < 16 then
        return { { 0, length } }
    end
    local bytes = tvb:bytes()
    local version = math.floor(bytes:get_index(0) / 16)
    local datagrams, from, size = {}, 0, nil
    while true do
        local next_start
        if version == 2 then
            next_start = next_v2_datagram(bytes, from, length)
        elseif version == 0 then
            next_start = next_v05_datagram(bytes, from, length, size)
        end
        if not next_start then
            datagrams[#datagrams + 1] = { from, length - from }
            return datagrams
        end
        size = next_start - from
        datagrams[#datagrams + 1] = { from, size }
        from = next_start
    end
end

---------------------------------------------------------------------------------------------
-- Entry point and registration
---------------------------------------------------------------------------------------------
local function dissect_datagram(tvb, pinfo, tree, index, count)
    local root = tree:add(int_report, tvb())
    local version = tvb(0, 1):bitfield(0, 4)
    local summary
    if version == 0 then
        root:append_text(" v0.5")
        summary = dissect_v05(tvb, pinfo, root)
    elseif version == 2 then
        root:append_text(" v2.0")
        summary = dissect_v2(tvb, pinfo, root)
    else
        root:add(f.version, tvb(0, 1))
        root:add_proto_expert_info(ef.unknown_version, string.format(
            "Version %d is not decoded (this dissector reads v0.5 and v2.0)", version))
        summary = "version " .. version
    end
    if count > 1 then
        root:append_text(string.format(", datagram %d of %d in a UDP GSO packet", index, count))
        if index == 1 then
            root:add_proto_expert_info(ef.gso, string.format(
                "UDP GSO packet seen before segmentation: %d datagrams of %d bytes", count, tvb:len()))
        end
    end
    return summary
end

function int_report.dissector(tvb, pinfo, tree)
    local length = tvb:len()
    -- An inner frame that is itself UDP to or from the report port (say, a report about the
    -- report stream) is a truncated copy, not a report of ours: leave it to the data dissector.
    if length == 0 or inner_depth > 0 then
        return 0
    end
    local datagrams = split_datagrams(tvb)
    local summary
    for index, d in ipairs(datagrams) do
        local text = dissect_datagram(tvb(d[1], d[2]):tvb(), pinfo, tree, index, #datagrams)
        summary = summary or text
    end
    if #datagrams > 1 then
        summary = string.format("%s (+%d datagrams, UDP GSO)", summary, #datagrams - 1)
    end
    -- Set after the inner frames, whose dissectors write their own protocol and info (and may
    -- fence theirs, as TCP does for "[TCP Retransmission]" when two reports show one segment).
    pinfo.cols.protocol:clear_fence()
    pinfo.cols.protocol:set("INT")
    pinfo.cols.info:clear_fence()
    pinfo.cols.info:set(summary)
    return length
end

local registered_port = 0
local function register_port()
    local udp = DissectorTable.get("udp.port")
    if registered_port ~= 0 then
        udp:remove(registered_port, int_report)
    end
    registered_port = int_report.prefs.udp_port
    if registered_port ~= 0 then
        udp:add(registered_port, int_report)
    end
end

function int_report.prefs_changed()
    register_port()
end

register_port()
