// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.deploy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;

/**
 * Reads a multi-document YAML stream into fabric8's Kubernetes model classes, so a manifest is
 * checked against the real object schema. The model keeps fields it does not know in
 * "additional properties" instead of failing; {@link #unknownFields} finds them, so a
 * misspelt field ("securityContex") fails the test instead of being ignored by the cluster.
 */
final class KubernetesObjects {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "apps/v1 DaemonSet", DaemonSet.class, "v1 ConfigMap", ConfigMap.class,
            "v1 ServiceAccount", ServiceAccount.class);

    private KubernetesObjects() {
    }

    static List<HasMetadata> read(String yaml) throws java.io.IOException {
        List<HasMetadata> objects = new ArrayList<>();
        try (var parser = YAML.createParser(yaml)) {
            for (var docs = YAML.readValues(parser, JsonNode.class); docs.hasNext(); ) {
                JsonNode doc = docs.next();
                if (doc == null || doc.isNull() || doc.isMissingNode()) {
                    continue; // an empty document between two "---"
                }
                if (!(doc instanceof ObjectNode)) {
                    throw new IllegalArgumentException("not a Kubernetes object: " + doc);
                }
                String key = doc.path("apiVersion").asText() + " " + doc.path("kind").asText();
                Class<? extends HasMetadata> type = KINDS.get(key);
                if (type == null) {
                    throw new IllegalArgumentException("unexpected object " + key);
                }
                objects.add(YAML.treeToValue(doc, type));
            }
        }
        return objects;
    }

    static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> type) {
        List<T> matching = objects.stream().filter(type::isInstance).map(type::cast).toList();
        if (matching.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + ", found " + matching.size());
        }
        return matching.getFirst();
    }

    /** Paths of every field that the model did not recognise, anywhere in the object. */
    static List<String> unknownFields(Object object) {
        List<String> found = new ArrayList<>();
        collect(object, object.getClass().getSimpleName(), found);
        return found;
    }

    private static void collect(Object value, String path, List<String> found) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                collect(item, path + "[" + i++ + "]", found);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> collect(v, path + "." + k, found));
            return;
        }
        if (!value.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object child = invoke(getter, value);
            if (getter.getName().equals("getAdditionalProperties")) {
                ((Map<?, ?>) child).keySet().forEach(k -> found.add(path + "." + k));
            } else {
                collect(child, path + "." + getter.getName().substring(3), found);
            }
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(getter + ": " + e.getMessage(), e);
        }
    }
}
