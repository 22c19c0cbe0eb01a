// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Two nodes' topology answers and a fabric file, written by hand, against the DeepInsight file
 * written by hand in the previous tool's example shape.
 */
class DeepInsightTopologyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String NODE1 = """
            {"switch-id": 3232260884, "links": [
              {"id": 3, "name": "eth1", "ip-addresses": ["192.168.99.20", "fd00:99::20"], "is-node-iface": true,
               "routed-addresses": ["192.168.99.0/24"]},
              {"id": 4, "name": "cali1", "ip-addresses": [], "is-node-iface": false,
               "routed-addresses": ["10.65.167.130/32"]},
              {"id": 5, "name": "cali2", "ip-addresses": [], "is-node-iface": false,
               "routed-addresses": ["10.65.167.131/32", "fd00:65::131/128"]}
            ]}""";
    static final String NODE2 = """
            {"switch-id": 3232260885, "links": [
              {"id": 3, "name": "eth1", "ip-addresses": ["192.168.99.21"], "is-node-iface": true,
               "routed-addresses": ["192.168.99.0/24"]},
              {"id": 9, "name": "cali7", "ip-addresses": [], "is-node-iface": false,
               "routed-addresses": ["10.67.219.70/32"]}
            ]}""";
    static final String FABRIC = """
            switches:
              - name: device:leaf1
                ip: 192.168.0.1
                switchId: 81
                ports:
                  - {port: 292, node: device:vswitch1}
                  - {port: 300, node: 192.168.99.21}
                  - {port: 284, host: 3c:fd:fe:9d:f0:39/None_3}
            hosts:
              - {name: 3c:fd:fe:9d:f0:39/None_3, ip: 192.168.99.3}
            """;

    /** As the file holds it: the text written, read back. */
    private static com.fasterxml.jackson.databind.JsonNode written(DeepInsightTopology topology) throws Exception {
        return JSON.readTree(JSON.writeValueAsString(topology));
    }

    private static List<NodeTopology> nodes() {
        return List.of(NodeTopology.parse("device:vswitch1", NODE1, "node1"),
                NodeTopology.parse("device:192.168.99.21", NODE2, "node2"));
    }

    @Test
    void nodesFabricAndSubnetsInThePreviousExamplesShape() throws Exception {
        DeepInsightTopology topology = DeepInsightTopology.build(nodes(), FabricParser.parse(FABRIC, "fabric.yaml"),
                OptionalInt.empty());
        assertEquals(JSON.readTree("""
                {
                  "switches": [
                    {"name": "device:leaf1", "ip": "192.168.0.1", "deviceType": "legacy", "switchId": 81},
                    {"name": "device:vswitch1", "ip": "192.168.99.20", "deviceType": "legacy", "switchId": 3232260884},
                    {"name": "device:192.168.99.21", "ip": "192.168.99.21", "deviceType": "legacy", "switchId": 3232260885}
                  ],
                  "links": [
                    {"node1": "device:leaf1", "node2": "device:vswitch1", "port1": "292", "port2": "3"},
                    {"node1": "device:leaf1", "node2": "device:192.168.99.21", "port1": "300", "port2": "3"},
                    {"node1": "device:leaf1", "node2": "3c:fd:fe:9d:f0:39/None_3", "port1": "284", "port2": "-1"},
                    {"node1": "device:vswitch1", "node2": "192.168.99.0/24", "port1": "3", "port2": "-1"},
                    {"node1": "device:vswitch1", "node2": "10.65.167.130/32", "port1": "4", "port2": "-1"},
                    {"node1": "device:vswitch1", "node2": "10.65.167.131/32", "port1": "5", "port2": "-1"},
                    {"node1": "device:vswitch1", "node2": "fd00:65::131/128", "port1": "5", "port2": "-1"},
                    {"node1": "device:192.168.99.21", "node2": "192.168.99.0/24", "port1": "3", "port2": "-1"},
                    {"node1": "device:192.168.99.21", "node2": "10.67.219.70/32", "port1": "9", "port2": "-1"}
                  ],
                  "subnets": [
                    {"name": "192.168.99.0/24", "ip_subnet": "192.168.99.0/24", "subnet_id": 1},
                    {"name": "10.65.167.130/32", "ip_subnet": "10.65.167.130/32", "subnet_id": 2},
                    {"name": "10.65.167.131/32", "ip_subnet": "10.65.167.131/32", "subnet_id": 3},
                    {"name": "fd00:65::131/128", "ip_subnet": "fd00:65::131/128", "subnet_id": 4},
                    {"name": "10.67.219.70/32", "ip_subnet": "10.67.219.70/32", "subnet_id": 5}
                  ],
                  "hosts": [
                    {"name": "3c:fd:fe:9d:f0:39/None_3", "ip": "192.168.99.3"}
                  ]
                }"""), written(topology));
    }

    @Test
    void podPrefixesWidenedToTheirBlock() throws Exception {
        DeepInsightTopology topology = DeepInsightTopology.build(nodes(), Fabric.NONE, OptionalInt.of(26));
        assertEquals(JSON.readTree("""
                {
                  "switches": [
                    {"name": "device:vswitch1", "ip": "192.168.99.20", "deviceType": "legacy", "switchId": 3232260884},
                    {"name": "device:192.168.99.21", "ip": "192.168.99.21", "deviceType": "legacy", "switchId": 3232260885}
                  ],
                  "links": [
                    {"node1": "device:vswitch1", "node2": "192.168.99.0/24", "port1": "3", "port2": "-1"},
                    {"node1": "device:vswitch1", "node2": "10.65.167.128/26", "port1": "4", "port2": "-1"},
                    {"node1": "device:vswitch1", "node2": "10.65.167.128/26", "port1": "5", "port2": "-1"},
                    {"node1": "device:vswitch1", "node2": "fd00:65::131/128", "port1": "5", "port2": "-1"},
                    {"node1": "device:192.168.99.21", "node2": "192.168.99.0/24", "port1": "3", "port2": "-1"},
                    {"node1": "device:192.168.99.21", "node2": "10.67.219.64/26", "port1": "9", "port2": "-1"}
                  ],
                  "subnets": [
                    {"name": "192.168.99.0/24", "ip_subnet": "192.168.99.0/24", "subnet_id": 1},
                    {"name": "10.65.167.128/26", "ip_subnet": "10.65.167.128/26", "subnet_id": 2},
                    {"name": "fd00:65::131/128", "ip_subnet": "fd00:65::131/128", "subnet_id": 3},
                    {"name": "10.67.219.64/26", "ip_subnet": "10.67.219.64/26", "subnet_id": 4}
                  ],
                  "hosts": []
                }"""), written(topology));
    }

    @Test
    void aFabricPortToAnUnknownNodeNamesItsLine() throws Exception {
        Fabric fabric = FabricParser.parse("""
                switches:
                  - name: spine
                    ip: 10.0.0.1
                    switchId: 1
                    ports:
                      - {port: 1, node: device:nowhere}
                """, "f.yaml");
        var e = assertThrows(IllegalArgumentException.class, () -> DeepInsightTopology.build(nodes(), fabric, OptionalInt.empty()));
        assertTrue(e.getMessage().startsWith("6: no node 'device:nowhere'"), e.getMessage());
    }

    @Test
    void aTopologyWithoutSwitchIdIsThePreviousToolsAndRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> NodeTopology.parse("n",
                "{\"links\": [{\"id\": 3, \"name\": \"eth1\", \"ip-addresses\": [], \"is-node-iface\": true}]}", "http://n:4048"));
        assertTrue(e.getMessage().startsWith("http://n:4048: no \"switch-id\""), e.getMessage());
    }
}
