"""xenlive-pool: Xen Live machines on one LAN form a pool for `xl migrate`.

How it works (docs/pool.md in Xen Live's source): the daemon broadcasts a
signed announcement (HMAC-SHA256 keyed by the secret, with a timestamp, a
nonce and a per-boot sequence number against replay) every few seconds on
each wired NIC.  A valid one from another host makes the peer's root key
an authorized key from its address only, its host key a known host under
its name, and a gretap tunnel to it a port of xenbr0, so that the guest
network is one segment across the pool and a migrated guest keeps its
address.  Each host leases guests 10.99.H.10-250 (H from its MAC) on
10.99.0.0/16.  Nothing here logs or prints the secret.

The modules, each using only those before it:
  built     written at build time (install.sh): Xen's per-guest overhead
  util      running programs, writing files, the one-sentence messages
  xen       what xl says: the guests, Xen's free memory, the per-guest overhead
  announce  the announcement: sealing, unsealing, its checks against replay
  network   this host's NICs and name, networkd's and dnsmasq's files
  dhcp      who answers DHCP and PXE on a NIC (one PXE DISCOVER)
  trust     SSH: peers' keys authorized and known, sshd on the LAN address
  tunnels   one gretap tunnel per peer, a port of xenbr0
  serve     this CD served to the LAN: PXE, TFTP and HTTP (xenlive-pool serve)
  state     the pool as `xenlive-pool list` shows it and xtop reads it
  member    the daemon (xenlive-pool.service) and the undoing of a join
  cli       the command line
"""
