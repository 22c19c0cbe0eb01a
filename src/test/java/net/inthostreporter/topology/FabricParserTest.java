// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import net.inthostreporter.config.YamlFile;

class FabricParserTest {
    @Test
    void readsSwitchesPortsAndHosts() throws Exception {
        Fabric fabric = FabricParser.parse(DeepInsightTopologyTest.FABRIC, "fabric.yaml");
        assertEquals(List.of(new Fabric.Switch("device:leaf1", "192.168.0.1", "legacy", 81, List.of(
                new Fabric.Port("292", Optional.of("device:vswitch1"), Optional.empty(), 6),
                new Fabric.Port("300", Optional.of("192.168.99.21"), Optional.empty(), 7),
                new Fabric.Port("284", Optional.empty(), Optional.of("3c:fd:fe:9d:f0:39/None_3"), 8)))), fabric.switches());
        assertEquals(List.of(new Fabric.Host("3c:fd:fe:9d:f0:39/None_3", "192.168.99.3")), fabric.hosts());
    }

    @Test
    void aSwitchIdMayBeAnAddressAndTheTypeIsKept() throws Exception {
        Fabric fabric = FabricParser.parse("switches:\n  - {name: s, ip: 10.0.0.1, switchId: 10.0.0.1, deviceType: stratum}\n", "f");
        assertEquals(new Fabric.Switch("s", "10.0.0.1", "stratum", 167772161L, List.of()), fabric.switches().getFirst());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "switches: [{name: s, ip: 10.0.0.1}]                                      | f.yaml:1: 'switchId' is missing",
            "switches:\\n  - name: s\\n    ip: 10.0.0.300\\n    switchId: 1             | f.yaml:3: ",
            "switches:\\n  - name: s\\n    ip: 10.0.0.1\\n    switchId: 1\\n    colour: red | f.yaml:5: unknown key 'colour'",
            "switches:\\n  - {name: s, ip: 10.0.0.1, switchId: 1, ports: [{port: x, node: n}]} | f.yaml:2: port 'x' is not a number",
            "switches:\\n  - {name: s, ip: 10.0.0.1, switchId: 1, ports: [{port: 1}]}  | f.yaml:2: a port needs exactly one of 'node' and 'host'",
            "switches:\\n  - {name: s, ip: 10.0.0.1, switchId: 1, ports: [{port: 1, host: h}]} | f.yaml:2: no host 'h' under 'hosts:'",
            "switches: [{name: s, ip: 1.1.1.1, switchId: 1}, {name: s, ip: 1.1.1.2, switchId: 2}] | f.yaml:1: a second switch or host named 's'",
            "hosts: [{name: h}]                                                       | f.yaml:1: 'ip' is missing",
            "switches: {name: s}                                                      | f.yaml:1: 'switches:' must be a list",
            "switches: [                                                              | f.yaml:1: YAML syntax"})
    void problemsNameTheFileAndLine(String text, String expectedStart) {
        var e = assertThrows(YamlFile.Problem.class, () -> FabricParser.parse(text.replace("\\n", "\n"), "f.yaml"));
        assertEquals(true, e.getMessage().startsWith(expectedStart.strip()), e.getMessage());
    }
}
