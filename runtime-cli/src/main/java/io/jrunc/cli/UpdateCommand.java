package io.jrunc.cli;

import io.jrunc.core.JruncException;
import io.jrunc.core.container.ResourceFlags;
import io.jrunc.core.container.Updater;
import io.jrunc.spec.LinuxResources;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code jrunc update [-r resources.json|-] [--memory N …] <id>}. With -r the JSON
 * (LinuxResources, "-" = stdin) wins and the other flags are ignored, as in runc. Values
 * are kept as given (null = not given); the cgroups work converts them
 * (memory sizes like "512m", -1 = unlimited).
 */
public final class UpdateCommand extends JruncCommand {
    public String resources;
    public Integer blkioWeight;
    public String cpuPeriod;
    public String cpuQuota;
    public String cpuBurst;
    public String cpuShare;
    public String cpuRtPeriod;
    public String cpuRtRuntime;
    public String cpusetCpus;
    public String cpusetMems;
    public String kernelMemory;
    public String kernelMemoryTcp;
    public String memory;
    public String cpuIdle;
    public String memoryReservation;
    public String memorySwap;
    public Integer pidsLimit;
    public String l3CacheSchema;
    public String memBwSchema;

    @Override
    public String name() {
        return "update";
    }

    @Override
    protected void define(Flags f) {
        f.usage("update container resource constraints").exactArgs(1, "<container-id>");
        f.string("resources", "r", """
                path to the file containing the resources to update or '-' to read from the standard input

                The accepted format is as follow (unchanged values can be omitted):

                {
                  "memory": {
                    "limit": 0,
                    "reservation": 0,
                    "swap": 0,
                    "checkBeforeUpdate": true
                  },
                  "cpu": {
                    "shares": 0,
                    "quota": 0,
                    "burst": 0,
                    "period": 0,
                    "realtimeRuntime": 0,
                    "realtimePeriod": 0,
                    "cpus": "",
                    "mems": "",
                    "idle": 0
                  },
                  "blockIO": {
                    "weight": 0
                  }
                }

                Note: if data is to be read from a file or the standard input, all
                other options are ignored.
                """, v -> resources = v);
        f.integer("blkio-weight", null, "Specifies per cgroup weight, range is from 10 to 1000", "0",
                v -> blkioWeight = v);
        f.string("cpu-period", null, "CPU CFS period to be used for hardcapping (in usecs). 0 to use system default",
                v -> cpuPeriod = v);
        f.string("cpu-quota", null, "CPU CFS hardcap limit (in usecs). Allowed cpu time in a given period",
                v -> cpuQuota = v);
        f.string("cpu-burst", null, "CPU CFS hardcap burst limit (in usecs). Allowed accumulated cpu time "
                + "additionally for burst a given period", v -> cpuBurst = v);
        f.string("cpu-share", null, "CPU shares (relative weight vs. other containers)", v -> cpuShare = v);
        f.string("cpu-rt-period", null,
                "CPU realtime period to be used for hardcapping (in usecs). 0 to use system default",
                v -> cpuRtPeriod = v);
        f.string("cpu-rt-runtime", null, "CPU realtime hardcap limit (in usecs). Allowed cpu time in a given period",
                v -> cpuRtRuntime = v);
        f.string("cpuset-cpus", null, "CPU(s) to use", v -> cpusetCpus = v);
        f.string("cpuset-mems", null, "Memory node(s) to use", v -> cpusetMems = v);
        f.hiddenString("kernel-memory", "(obsoleted; do not use)", v -> kernelMemory = v);
        f.hiddenString("kernel-memory-tcp", "(obsoleted; do not use)", v -> kernelMemoryTcp = v);
        f.string("memory", null, "Memory limit (in bytes)", v -> memory = v);
        f.string("cpu-idle", null, "set cgroup SCHED_IDLE or not, 0: default behavior, 1: SCHED_IDLE",
                v -> cpuIdle = v);
        f.string("memory-reservation", null, "Memory reservation or soft_limit (in bytes)",
                v -> memoryReservation = v);
        f.string("memory-swap", null, "Total memory usage (memory + swap); set '-1' to enable unlimited swap",
                v -> memorySwap = v);
        f.integer("pids-limit", null, "Maximum number of pids allowed in the container", "0", v -> pidsLimit = v);
        f.string("l3-cache-schema", null, "The string of Intel RDT/CAT L3 cache schema", v -> l3CacheSchema = v);
        f.string("mem-bw-schema", null, "The string of Intel RDT/MBA memory bandwidth schema",
                v -> memBwSchema = v);
    }

    @Override
    public int call(Context ctx) throws JruncException {
        ctx.store().load(id()); // runc: a missing container first
        new Updater(ctx.runtime()).update(id(), requested(ctx));
        return 0;
    }

    /** The -r document (which wins, as in runc), else the per-resource flags. */
    LinuxResources requested(Context ctx) throws JruncException {
        if (resources != null && !resources.isEmpty()) {
            if (resources.equals("-")) {
                return Updater.read("<stdin>", ctx.in());
            }
            try (InputStream in = Files.newInputStream(Path.of(resources))) {
                return Updater.read(resources, in);
            } catch (java.nio.file.NoSuchFileException e) {
                throw new JruncException("open " + resources + ": no such file or directory");
            } catch (IOException e) {
                throw new JruncException("open " + resources + ": " + e.getMessage());
            }
        }
        if (l3CacheSchema != null && !l3CacheSchema.isEmpty()) {
            throw new JruncException("Intel RDT/CAT: l3 cache schema is not enabled");
        }
        if (memBwSchema != null && !memBwSchema.isEmpty()) {
            throw new JruncException("Intel RDT/MBA: memory bandwidth schema is not enabled");
        }
        for (String[] obsolete : new String[][] {{"kernel-memory", kernelMemory}, {"kernel-memory-tcp", kernelMemoryTcp}}) {
            if (obsolete[1] != null && !obsolete[1].isEmpty()) {
                org.slf4j.LoggerFactory.getLogger(UpdateCommand.class)
                        .warn("Setting --" + obsolete[0] + " is ignored and will be removed");
            }
        }
        return new ResourceFlags(blkioWeight, cpuPeriod, cpuQuota, cpuBurst, cpuShare, cpuRtPeriod, cpuRtRuntime,
                cpusetCpus, cpusetMems, memory, memoryReservation, memorySwap, cpuIdle, pidsLimit).toResources();
    }
}
