// SPDX-License-Identifier: Apache-2.0
package net.inthostreporter.cli;

import picocli.CommandLine.IVersionProvider;

/** The version recorded in the jar's manifest by the build. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = AgentCommand.class.getPackage().getImplementationVersion();
        return new String[] {"int-host-reporter " + (version == null ? "(development build)" : version),
                "Java " + Runtime.version()};
    }
}
