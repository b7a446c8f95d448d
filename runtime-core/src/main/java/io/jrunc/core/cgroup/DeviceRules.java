package io.jrunc.core.cgroup;

import io.jrunc.spec.LinuxResources;
import java.util.ArrayList;
import java.util.List;

/**
 * The device cgroup rules of a container, as runc computes them (specconv
 * CreateCgroupConfig + AllowedDevices): the config's linux.resources.devices in order, then
 * runc's default allowed devices. A default with a path that linux.devices also lists is
 * left out (the spec's device takes priority).
 */
public final class DeviceRules {
    /** A default allowed device: its /dev path ("" for rules without a node) and its rule. */
    public record Default(String path, DeviceRule rule) {
    }

    /** runc's AllowedDevices, in runc's order. */
    public static final List<Default> DEFAULTS = List.of(
            new Default("", DeviceRule.allow('c', DeviceRule.WILDCARD, DeviceRule.WILDCARD, "m")),
            new Default("", DeviceRule.allow('b', DeviceRule.WILDCARD, DeviceRule.WILDCARD, "m")),
            new Default("/dev/null", DeviceRule.allow('c', 1, 3, "rwm")),
            new Default("/dev/random", DeviceRule.allow('c', 1, 8, "rwm")),
            new Default("/dev/full", DeviceRule.allow('c', 1, 7, "rwm")),
            new Default("/dev/tty", DeviceRule.allow('c', 5, 0, "rwm")),
            new Default("/dev/zero", DeviceRule.allow('c', 1, 5, "rwm")),
            new Default("/dev/urandom", DeviceRule.allow('c', 1, 9, "rwm")),
            // /dev/pts/*
            new Default("", DeviceRule.allow('c', 136, DeviceRule.WILDCARD, "rwm")),
            // /dev/ptmx
            new Default("", DeviceRule.allow('c', 5, 2, "rwm")));

    private DeviceRules() {
    }

    /**
     * The effective ordered rule list.
     *
     * @param devices         linux.resources.devices (may be null)
     * @param specDevicePaths linux.devices[].path
     */
    public static List<DeviceRule> effective(List<LinuxResources.DeviceCgroup> devices, List<String> specDevicePaths)
            throws CgroupException {
        List<DeviceRule> out = new ArrayList<>();
        if (devices != null) {
            for (int i = 0; i < devices.size(); i++) {
                out.add(fromSpec(devices.get(i), i));
            }
        }
        for (Default d : DEFAULTS) {
            if (!d.path().isEmpty() && specDevicePaths.contains(d.path())) {
                continue;
            }
            out.add(d.rule());
        }
        return List.copyOf(out);
    }

    /** One linux.resources.devices[i] entry: type defaults to "a", major/minor to "*". */
    public static DeviceRule fromSpec(LinuxResources.DeviceCgroup d, int index) throws CgroupException {
        String t = d.type() == null || d.type().isEmpty() ? "a" : d.type();
        if (d.access() == null || d.access().isEmpty()) {
            throw new CgroupException("device access at " + index + " field cannot be empty");
        }
        if (!t.equals("a") && !t.equals("b") && !t.equals("c")) {
            throw new CgroupException("invalid cgroup device type \"" + t + "\"");
        }
        try {
            return new DeviceRule(t.charAt(0), d.major() == null ? DeviceRule.WILDCARD : d.major(),
                    d.minor() == null ? DeviceRule.WILDCARD : d.minor(), d.access(), d.allow());
        } catch (IllegalArgumentException e) {
            throw new CgroupException("linux.resources.devices[" + index + "]: " + e.getMessage());
        }
    }
}
