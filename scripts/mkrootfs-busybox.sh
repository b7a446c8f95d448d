#!/bin/sh
# Makes a minimal rootfs in DIR from Debian's static busybox (package busybox-static):
# /bin/busybox plus a symlink per applet in /bin, /etc/passwd and /etc/group (root, nobody,
# a user 1000), and the empty /tmp /proc /sys /dev /root /home/user directories.
# Usage: scripts/mkrootfs-busybox.sh DIR     (DIR is replaced if it exists; ~2 MB, instant)
set -eu
dir=${1:?usage: mkrootfs-busybox.sh DIR}
busybox=${BUSYBOX:-/bin/busybox}

static=yes
if command -v file >/dev/null 2>&1 && ! file -L "$busybox" | grep -q 'statically linked'; then static=no; fi
if [ ! -x "$busybox" ] || [ $static = no ]; then
    echo "mkrootfs-busybox: need a static busybox at $busybox (apt-get install busybox-static, or make deps)" >&2
    exit 1
fi

rm -rf "$dir"
mkdir -p "$dir"
cd "$dir"
mkdir -p bin sbin usr/bin usr/sbin etc tmp proc sys dev root home/user var run
chmod 1777 tmp
chmod 0700 root
cp "$busybox" bin/busybox
chmod 0755 bin/busybox
for a in $("$busybox" --list); do
    [ "$a" = busybox ] || ln -sf busybox "bin/$a"
done

cat > etc/passwd <<'PW'
root:x:0:0:root:/root:/bin/sh
user:x:1000:1000:user:/home/user:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PW
cat > etc/group <<'GR'
root:x:0:
tty:x:5:
user:x:1000:
nogroup:x:65534:
GR
chown 1000:1000 home/user
echo "jrunc-busybox" > etc/hostname
printf 'nameserver 127.0.0.1\n' > etc/resolv.conf
: > etc/hosts
echo "mkrootfs-busybox: $dir ($("$busybox" --list | wc -l) applets)"
