package io.jrunc.it.containerd;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jrunc.it.Bundles;
import io.jrunc.it.Proc;
import io.jrunc.it.ProcResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * Builds a one-layer OCI image layout tarball from a rootfs directory, for
 * {@code ctr image import} where no registry is reachable: the layer is an uncompressed tar
 * of the rootfs, then the image config, the manifest and index.json, each blob named by its
 * sha256 digest (image-spec v1: image-layout.md, manifest.md, config.md).
 */
public final class OciImage {
    static final String LAYER = "application/vnd.oci.image.layer.v1.tar";
    static final String CONFIG = "application/vnd.oci.image.config.v1+json";
    static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    private OciImage() {}

    /**
     * Writes {@code <work>/image.tar} holding the rootfs as an image named {@code ref}
     * (annotation io.containerd.image.name, which ctr import uses as the image's name) whose
     * default command is {@code cmd}. Returns the tarball.
     */
    public static Path build(Path rootfs, String ref, List<String> cmd, Path work) {
        try {
            Path layout = Files.createDirectories(work.resolve("layout"));
            Path blobs = Files.createDirectories(layout.resolve("blobs/sha256"));
            Path layerTar = work.resolve("layer.tar");
            run(List.of("tar", "--numeric-owner", "-C", rootfs.toString(), "-cf", layerTar.toString(), "."));
            String layerDigest = sha256(layerTar);
            long layerSize = Files.size(layerTar);
            Files.move(layerTar, blobs.resolve(layerDigest));

            ObjectNode config = Bundles.JSON.createObjectNode();
            config.put("architecture", goArch());
            config.put("os", "linux");
            ObjectNode cc = config.putObject("config");
            cc.putArray("Env").add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
            ArrayNode c = cc.putArray("Cmd");
            cmd.forEach(c::add);
            ObjectNode rootfsNode = config.putObject("rootfs");
            rootfsNode.put("type", "layers");
            rootfsNode.putArray("diff_ids").add("sha256:" + layerDigest);
            Blob configBlob = blob(blobs, config);

            ObjectNode manifest = Bundles.JSON.createObjectNode();
            manifest.put("schemaVersion", 2);
            manifest.put("mediaType", MANIFEST);
            descriptor(manifest.putObject("config"), CONFIG, configBlob.digest, configBlob.size);
            descriptor(manifest.putArray("layers").addObject(), LAYER, layerDigest, layerSize);
            Blob manifestBlob = blob(blobs, manifest);

            ObjectNode index = Bundles.JSON.createObjectNode();
            index.put("schemaVersion", 2);
            ObjectNode m = index.putArray("manifests").addObject();
            descriptor(m, MANIFEST, manifestBlob.digest, manifestBlob.size);
            ObjectNode ann = m.putObject("annotations");
            ann.put("io.containerd.image.name", ref);
            ann.put("org.opencontainers.image.ref.name", ref.substring(ref.lastIndexOf(':') + 1));
            Files.writeString(layout.resolve("index.json"), Bundles.JSON.writeValueAsString(index));
            Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");

            Path tarball = work.resolve("image.tar");
            run(List.of("tar", "-C", layout.toString(), "-cf", tarball.toString(), "."));
            return tarball;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Blob(String digest, long size) {}

    private static Blob blob(Path blobs, ObjectNode json) throws IOException {
        byte[] bytes = Bundles.JSON.writeValueAsString(json).getBytes(StandardCharsets.UTF_8);
        String digest = HexFormat.of().formatHex(digest().digest(bytes));
        Files.write(blobs.resolve(digest), bytes);
        return new Blob(digest, bytes.length);
    }

    private static void descriptor(ObjectNode d, String mediaType, String digest, long size) {
        d.put("mediaType", mediaType);
        d.put("digest", "sha256:" + digest);
        d.put("size", size);
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String goArch() {
        return switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> System.getProperty("os.arch");
        };
    }

    private static void run(List<String> cmd) {
        ProcResult r = Proc.run(cmd, Duration.ofSeconds(120));
        if (r.exitCode() != 0) {
            throw new IllegalStateException("image build step failed:\n" + r.describe());
        }
    }
}
