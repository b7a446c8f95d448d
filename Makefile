# jrunc: build, install and test plumbing (like runc's and crun's Makefiles).
#   make [build]                  mvn package (no tests)
#   make deps                     Debian packages the build and the tests need (apt, as root)
#   make install [PREFIX=/usr/local] [DESTDIR=]
#   make demo                     deps + build + install into ./build/install + run a busybox container
#   make test                     deps + build + unit tests + install + rootfs fixtures + integration tests
#   make unit | make it           only the unit tests | only the integration tests (after make test's steps)
#   make bench                    jrunc vs runc vs crun start-up (hyperfine), into docs/performance.md
#   make clean
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

PREFIX ?= /usr/local
DESTDIR ?=
BUILDDIR := $(CURDIR)/build
TEST_PREFIX := $(BUILDDIR)/install
FIXTURES := $(BUILDDIR)/fixtures
JRUNC_CACHE ?= $(HOME)/.cache/jrunc
export JRUNC_CACHE

# a JDK >= 25: $JAVA_HOME if it is one, else the newest under /usr/lib/jvm (scripts/find-jdk.sh)
JDK := $(shell scripts/find-jdk.sh 2>/dev/null)
export JAVA_HOME := $(JDK)
COMMIT := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
MVN := mvn -B -ntp -Djrunc.commit=$(COMMIT)
MVN_IT_PROPS = -DskipITs=false -Djrunc.bin=$(TEST_PREFIX)/bin/jrunc \
	-Djrunc.rootfs.busybox=$(FIXTURES)/busybox -Djrunc.rootfs.debian=$(FIXTURES)/debian

# Debian packages: build (gcc, make, libseccomp), fixtures (busybox-static, debootstrap),
# tests and benchmarks (runc, crun, containerd, hyperfine, jq, gnuplot-nox for bench's chart)
# and uidmap (newuidmap/newgidmap: rootless multi-range id mappings, docs/rootless.md)
DEB_PACKAGES := build-essential pkg-config libseccomp-dev busybox-static debootstrap \
	hyperfine runc crun containerd jq maven gnuplot-nox \
	linux-image-amd64 qemu-system-x86 cpio xz-utils apparmor uidmap

.PHONY: all build jdk deps install demo test unit it fixtures bench clean

all: build

jdk:
	@if [ -z "$(JDK)" ]; then scripts/find-jdk.sh >/dev/null; exit 1; fi

build: jdk
	$(MVN) package -DskipTests

deps:
	@scripts/deps.sh $(DEB_PACKAGES)

install: jdk
	@test -f runtime-cli/target/lib/runtime-core.jar || $(MAKE) --no-print-directory build
	scripts/install.sh "$(PREFIX)" "$(DESTDIR)"

demo: deps build
	scripts/install.sh "$(TEST_PREFIX)"
	scripts/demo.sh "$(TEST_PREFIX)/bin/jrunc" "$(BUILDDIR)/demo"

fixtures:
	scripts/mkrootfs-busybox.sh "$(FIXTURES)/busybox"
	scripts/mkrootfs-debian.sh "$(FIXTURES)/debian"

# one Maven run: the unit tests of every module, then the integration tests against the
# installed launcher (they need root; they skip themselves otherwise)
test: deps build
	scripts/install.sh "$(TEST_PREFIX)"
	$(MAKE) --no-print-directory fixtures
	$(MVN) test $(MVN_IT_PROPS)

unit: jdk
	$(MVN) test

it: jdk
	$(MVN) test -pl integration-tests -am -Dtest='*IT' -Dsurefire.failIfNoSpecifiedTests=false $(MVN_IT_PROPS)

bench: deps build
	scripts/install.sh "$(TEST_PREFIX)"
	bench/bench.sh "$(TEST_PREFIX)/bin/jrunc"

clean:
	@if [ -n "$(JDK)" ]; then $(MVN) -q clean; else rm -rf */target; fi
	rm -rf "$(BUILDDIR)"
