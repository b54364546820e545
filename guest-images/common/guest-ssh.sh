#!/bin/sh
# SSH access from dom0 into every demo guest (dropbear in both images).
#   xenlive-guest-ssh keys     at boot, before the SSH server starts: makes
#                              this instance's host key (ed25519, in its own
#                              tmpfs overlay: nothing shared between
#                              instances) and installs dom0's public key,
#                              which dom0 made at its boot and published in
#                              XenStore at /xenlive/ssh/authorized_keys
#                              (readable by every domain, writable by dom0
#                              only), as root's authorized key.
#   xenlive-guest-ssh publish  stays running: keeps the host's public key in
#                              this domain's XenStore directory, at
#                              data/ssh-host-key, where dom0's ssh reads it
#                              (KnownHostsCommand), and writes it again after
#                              a live migration or a restore, each time also
#                              taking the (new) host's dom0 key as root's
#                              authorized key: a guest moved to another pool
#                              host is reached with ssh from there.
set -eu
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PATH
hostkey=/etc/dropbear/dropbear_ed25519_host_key
log() { echo "xenlive-guest-ssh: $*" >&2; }

case ${1:-} in
keys)
	mkdir -p /etc/dropbear /root/.ssh /run/xenlive
	chmod 0700 /root/.ssh
	if key=$(xenlive-xs-read /xenlive/ssh/authorized_keys 2>/dev/null) && [ -n "$key" ]; then
		printf '%s\n' "$key" >/root/.ssh/authorized_keys.tmp
		chmod 0600 /root/.ssh/authorized_keys.tmp
		mv /root/.ssh/authorized_keys.tmp /root/.ssh/authorized_keys
	else
		log "dom0 has published no key (/xenlive/ssh/authorized_keys): no ssh from dom0"
	fi
	if [ ! -s "$hostkey" ]; then
		dropbearkey -t ed25519 -f "$hostkey.tmp" >/dev/null 2>&1 || { log "dropbearkey failed"; exit 1; }
		mv "$hostkey.tmp" "$hostkey"
	fi
	dropbearkey -y -f "$hostkey" | sed -n 's/^\(ssh-ed25519 [^ ]*\).*/\1/p' >/run/xenlive/ssh-host-key.pub
	;;
publish)
	pub=$(cat /run/xenlive/ssh-host-key.pub)
	[ -n "$pub" ] || { log "no host key; run 'xenlive-guest-ssh keys' first"; exit 1; }
	exec xenlive-xs-read --keep data/ssh-host-key "$pub" /xenlive/ssh/authorized_keys /root/.ssh/authorized_keys
	;;
*)
	echo "usage: xenlive-guest-ssh keys|publish" >&2
	exit 2
	;;
esac
