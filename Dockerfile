# syntax=docker/dockerfile:1
# SPDX-License-Identifier: Apache-2.0
#
# INT Host Reporter image (linux/amd64: the BPF build targets x86).
#   docker build -t int-host-reporter:0.1.0 .
#
# Stage 1 builds the jar, the BPF object inside it, with the Maven wrapper and clang.
# Stage 2 is a Java 25 JRE plus libbpf1: no compiler, no iproute2, no shell tools beyond the
# base image's; the agent loads its prebuilt BPF object through libbpf and spawns nothing. It
# makes its own AOT cache (see below) and ships the launcher's jvm.options.

FROM eclipse-temurin:25-jdk-noble AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends clang libbpf-dev linux-libc-dev curl unzip \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# The cache mount keeps downloaded Maven artifacts between builds (BuildKit).
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp package -DskipTests

FROM eclipse-temurin:25-jre-noble AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends libbpf1 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/bin/int-host-reporter /opt/int-host-reporter/bin/int-host-reporter
COPY --from=build /src/bin/jvm.options /opt/int-host-reporter/bin/jvm.options
COPY --from=build /src/target/int-host-reporter.jar /opt/int-host-reporter/lib/int-host-reporter.jar
# The previous image had int-host-reporter on PATH, and its manifests say command: ["int-host-reporter"].
ENV PATH="/opt/int-host-reporter/bin:${PATH}"
# The AOT cache next to the jar, where the launcher looks (${jar%.jar}.aot). Made here, by this
# stage's JRE, with the launcher's options: a cache only serves the java that wrote it (the build
# stage's JDK is another). A build has no BPF or namespace rights, so the training run says so
# and trains flag parsing and the report path only; a cache from a privileged build covers more.
RUN java -XX:AOTCacheOutput=/opt/int-host-reporter/lib/int-host-reporter.aot -Xlog:aot=error \
      @/opt/int-host-reporter/bin/jvm.options -jar /opt/int-host-reporter/lib/int-host-reporter.jar --aot-training-run
# uid 0 on purpose, but not "privileged": Kubernetes cannot give a non-root process ambient
# capabilities, and file capabilities on the java binary would put the dynamic loader in secure
# mode (breaking java's $ORIGIN library lookup) and be ignored under no_new_privs anyway. The
# DaemonSet drops every capability except BPF, NET_ADMIN and PERFMON, sets no_new_privs and a
# read-only root filesystem; see the README's security section.
USER 0:0
EXPOSE 4048
ENTRYPOINT ["/opt/int-host-reporter/bin/int-host-reporter"]
