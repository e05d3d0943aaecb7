#!/usr/bin/env bash
# Assemble a sysroot for cross-building and emulated testing from Debian's
# packages of another architecture: download them (apt-get download, never
# installed, so the build machine's own packages stay as they are) and unpack
# them with dpkg-deb -x.  Usage: cross/sysroot.sh ARCH DIR
# Idempotent: a stamp holding the package list skips the work when unchanged.
set -euo pipefail
arch=$1
dir=$2
# GStreamer, GLib, FFTW and libmosquitto with what their pkg-config files
# name (their Requires.private must be present for pkg-config to answer).
PKGS=(libc6 libgcc-s1
  libglib2.0-0 libglib2.0-dev libffi8 libffi-dev
  libpcre2-8-0 libpcre2-16-0 libpcre2-32-0 libpcre2-posix3 libpcre2-dev
  zlib1g zlib1g-dev libmount1 libmount-dev libblkid1 libblkid-dev
  libselinux1 libselinux1-dev libsepol-dev
  libgstreamer1.0-0 libgstreamer1.0-dev
  libgstreamer-plugins-base1.0-0 libgstreamer-plugins-base1.0-dev
  liborc-0.4-0 liborc-0.4-dev
  libunwind8 libunwind-dev libdw1 libdw-dev libelf1 libelf-dev
  liblzma5 liblzma-dev libbz2-1.0 libbz2-dev libzstd1 libzstd-dev libcap2 libgomp1
  libfftw3-single3 libfftw3-double3 libfftw3-long3 libfftw3-dev
  libmosquitto1 libmosquitto-dev libssl3)
want="$arch ${PKGS[*]}"
if [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$want" ]; then
  exit 0
fi
if ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
  dpkg --add-architecture "$arch"
  apt-get update -qq
fi
rm -rf "$dir"
mkdir -p "$dir/debs" "$dir/root"
names=()
for p in "${PKGS[@]}"; do names+=("$p:$arch"); done
(cd "$dir/debs" && apt-get download -qq "${names[@]}" 2>&1 | grep -v '^W: Download is performed unsandboxed' || true)
n=0
for d in "$dir"/debs/*.deb; do dpkg-deb -x "$d" "$dir/root"; n=$((n + 1)); done
if [ "$n" -ne "${#PKGS[@]}" ]; then
  echo "sysroot: got $n of ${#PKGS[@]} packages for $arch" >&2
  exit 1
fi
# absolute symbolic links in the packages point into the build machine's /
find "$dir/root" -type l -lname '/*' | while read -r l; do
  ln -sfn "$dir/root$(readlink "$l")" "$l"
done
echo "$want" > "$dir/.stamp"
