#!/bin/bash
# Builds the local yum repository of the CentOS-style guest: every spec in
# specs/ through rpmbuild, indexed with createrepo_c.
# Usage: build-repo.sh REPO_DIR BUSYBOX_BIN DEB_TREE...
# DEB_TREEs are unpacked pinned Debian packages (dropbear and the libraries
# it needs), merged into one tree the specs take files from (deb_root).
# REPO_DIR is built beside its final place and moved in only when complete.
set -eu
repo=$1 busybox=$(readlink -f "$2")
shift 2
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$(dirname "$repo")"
work=$(mktemp -d "$(dirname "$repo")/.repo.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Reproducible RPMs: their build time, file dates (clamped) and build host
# are SOURCE_DATE_EPOCH and "xenlive", not this machine's clock and name.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-0}
mkdir -p "$work/top/SOURCES" "$work/repo" "$work/debroot"
cp "$here"/src/* "$here/../common/overlay-root.sh" "$here/../common/guest-info.sh" \
	"$here/../common/guest-ssh.sh" "$here/../common/xs-read.c" "$here/../common/sysctl-idle.conf" \
	"$work/top/SOURCES/"
for tree in "$@"; do
	cp -a "$tree/." "$work/debroot/"
done
for spec in "$here"/specs/*.spec; do
	if ! rpmbuild -bb --quiet \
		--define "_topdir $work/top" \
		--define "_rpmdir $work/repo" \
		--define "_build_id_links none" \
		--define "busybox_bin $busybox" \
		--define "deb_root $work/debroot" \
		--define "_binary_payload w9.xzdio" \
		--define "_buildhost xenlive" \
		--define "use_source_date_epoch_as_buildtime 1" \
		--define "clamp_mtime_to_source_date_epoch 1" \
		"$spec" >"$work/rpmbuild.log" 2>&1; then
		tail -n 30 "$work/rpmbuild.log" >&2
		echo "centos-repo: rpmbuild of $(basename "$spec") failed (log above)" >&2
		exit 1
	fi
done
createrepo_c --quiet --revision "$SOURCE_DATE_EPOCH" --set-timestamp-to-revision "$work/repo" >/dev/null
rm -rf "$repo"
mv "$work/repo" "$repo"
echo "centos-repo: $(find "$repo" -name '*.rpm' | wc -l) packages in $repo"
